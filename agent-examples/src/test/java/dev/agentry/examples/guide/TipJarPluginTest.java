package dev.agentry.examples.guide;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.PlainToolContext;
import dev.agentry.testkit.ScriptedModel;
import dev.agentry.core.Secret;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Guide, step 4 (PLUGINS.md): testing a plugin with the test kit. {@link ScriptedModel} serves
 * scripted OpenAI chat completions from WireMock to LangChain4j's real client; a real
 * {@link AgentRuntime} is the harness; {@link Anvil} starts a chain for chain tools.
 */
class TipJarPluginTest {

    private static final String CONFIG = """
            {"agent": {"id": "jar-bot"},
             "model": {"provider": "openai", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY:-}"},
             "plugins": ["tipjar"],
             "tipjar": {},
             "policy": {"spendCaps": [{"asset": "JAR", "amount": "5", "window": "P1D"}]}}
            """;

    @Test
    void thePolicyCapsWhatTheModelAsksThePluginToPay() throws Exception {
        try (ScriptedModel model = ScriptedModel.start()) {
            model.thenToolCall("tip_jar_pay", "{\"to\":\"alice\",\"amount\":\"3\"}").thenReply("Paid alice 3 JAR.")
                    .thenToolCall("tip_jar_pay", "{\"to\":\"bob\",\"amount\":\"3\"}").thenReply("The daily cap is reached, sorry.");
            AgentConfig config = AgentConfig.parse(CONFIG, "guide-config", Map.of());
            Agent agent = Agent.builder("jar-bot").persona(Persona.of("Jar", "Pays tips from a jar."))
                    .model(model.chatModel()).config(config)
                    .toolsFrom(new JarBalanceTools(TipJarPlugin.JAR))
                    .build();
            try (AgentRuntime runtime = AgentRuntime.builder().build()) {
                runtime.register(agent);
                runtime.start();
                TurnResult first = runtime.submit("jar-bot", Event.of("e1", "test", "owner", "c1", "tip alice 3", Trust.OWNER)).get(30, TimeUnit.SECONDS);
                TurnResult second = runtime.submit("jar-bot", Event.of("e2", "test", "owner", "c1", "tip bob 3", Trust.OWNER)).get(30, TimeUnit.SECONDS);

                assertThat(first.toolCalls()).singleElement().satisfies(c -> assertThat(c.decision()).isEqualTo(dev.agentry.core.ToolCall.Decision.ALLOW));
                assertThat(second.toolCalls()).singleElement().satisfies(c -> assertThat(c.rule()).isEqualTo("spend-cap"));
                assertThat(second.reply()).contains("The daily cap is reached, sorry.");
            }
            assertThat(TipJarPlugin.JAR.paidTo("alice")).isEqualByComparingTo(new BigDecimal("3"));
            assertThat(TipJarPlugin.JAR.paidTo("bob")).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(model.requests().get(0)).contains("tip_jar_pay", "jarReceived");
        }
    }

    @Test
    void chainToolsRunAgainstALocalAnvil() throws Exception {
        try (Anvil anvil = Anvil.start();
                ChainToolkit chain = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(anvil.url())
                        .wallet(Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "Anvil dev account 0"))).build()) {
            String balance = chain.tools("native_balance").get(0)
                    .execute(dev.agentry.core.ToolArguments.parse("{}"), PlainToolContext.create());
            assertThat(balance).contains("\"balance\":\"10000\"");
        }
    }
}
