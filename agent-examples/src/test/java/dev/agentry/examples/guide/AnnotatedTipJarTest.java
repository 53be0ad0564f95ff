package dev.agentry.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Guide, step 2 (PLUGINS.md): the annotation-style FUNDS tool under a real runtime and a
 * {@link ScriptedModel}: the declared spends reach the policy, so the daily cap refuses the second
 * payment before the method runs.
 */
class AnnotatedTipJarTest {

    @Test
    void theDeclaredSpendsAreCappedBeforeTheMethodRuns() throws Exception {
        AnnotatedTipJar jar = new AnnotatedTipJar();
        try (ScriptedModel model = ScriptedModel.start()) {
            model.thenToolCall("tipJarSend", "{\"to\":\"alice\",\"amount\":\"3\"}").thenReply("Paid alice 3 JAR.")
                    .thenToolCall("tipJarSend", "{\"to\":\"bob\",\"amount\":\"3\"}").thenReply("The daily cap is reached, sorry.");
            Agent agent = Agent.builder("jar-bot").persona(Persona.of("Jar", "Pays tips from a jar.")).model(model.chatModel())
                    .toolsFrom(jar)
                    .policy(StandardPolicy.builder().spendCap("JAR", new BigDecimal("5"), Duration.ofDays(1)).build())
                    .build();
            try (AgentRuntime runtime = AgentRuntime.builder().build()) {
                runtime.register(agent);
                runtime.start();
                TurnResult first = runtime.submit("jar-bot", Event.of("e1", "test", "owner", "c1", "tip alice 3", Trust.OWNER)).get(30, TimeUnit.SECONDS);
                TurnResult second = runtime.submit("jar-bot", Event.of("e2", "test", "owner", "c1", "tip bob 3", Trust.OWNER)).get(30, TimeUnit.SECONDS);

                assertThat(first.toolCalls()).singleElement().satisfies(c -> assertThat(c.decision()).isEqualTo(ToolCall.Decision.ALLOW));
                assertThat(second.toolCalls()).singleElement().satisfies(c -> assertThat(c.rule()).isEqualTo("spend-cap"));
            }
            assertThat(model.requests().get(0)).contains("\"to\"", "\"amount\"").doesNotContain("arg0");
        }
        assertThat(jar.paidTo("alice")).isEqualByComparingTo("3");
        assertThat(jar.paidTo("bob")).isEqualByComparingTo("0");
    }
}
