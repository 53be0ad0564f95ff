package app;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.tools.chain.ChainToolkit;
import dev.langchain4j.model.chat.ChatModel;
import java.util.concurrent.TimeUnit;

/** A one-agent application: a teller that reads balances on a chain and answers its owner. */
public final class BalanceDesk implements AutoCloseable {
    private final AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).build();

    public BalanceDesk(ChatModel model, ChainToolkit chain) {
        runtime.register(Agent.builder("teller")
                .persona(Persona.of("Teller", "Reads balances on the chain and says them plainly."))
                .model(model)
                .tools(chain.tools("native_balance"))
                .policy(StandardPolicy.builder().build())
                .build());
        runtime.start();
    }

    public TurnResult ask(String id, String text) throws Exception {
        return runtime.submit("teller", Event.of(id, "local", "owner", "desk", text, Trust.OWNER)).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
