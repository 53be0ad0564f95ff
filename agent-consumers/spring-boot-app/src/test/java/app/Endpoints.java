package app;

import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.ScriptedModel;
import java.util.Map;

/** One Anvil node and one scripted model for the test JVM (each stops with the JVM), and the properties that point the application at them. */
final class Endpoints {
    static final Anvil ANVIL = Anvil.start();
    static final ScriptedModel MODEL = ScriptedModel.start();

    private Endpoints() {
    }

    static Map<String, Object> properties() {
        return Map.of("ANVIL_URL", ANVIL.url(), "AGENT_PRIVATE_KEY", Anvil.KEY_0, "OPENAI_BASE_URL", MODEL.baseUrl());
    }
}
