package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.EventGate;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plugin's event gates and policy rules, end to end: a gate raises a holder's trust and turns a
 * stranger away before anything is journalled; a plugin rule can deny what the policy allowed,
 * never allow what it denied.
 */
class PluginGatesTest {
    private static final String ALICE = "0x00000000000000000000000000000000000a11ce";
    private static final String TIP = "{\"to\":\"" + ALICE + "\",\"amount\":\"0.1\"}";

    private ScriptedModel model;
    private InMemoryJournal journal;
    private AgentRuntime runtime;
    private final TestTools.FakeTransfer transfer = new TestTools.FakeTransfer();

    /** Holders are "holder-*" authors: raised to TRUSTED; "spam-*" authors are turned away; "capped" denies tips to bob. */
    private final Plugin holders = new Plugin() {
        @Override
        public String name() {
            return "holders";
        }

        @Override
        public List<Tool> tools(PluginContext context) {
            return List.of(transfer);
        }

        @Override
        public List<EventGate> eventGates(PluginContext context) {
            return List.of((agentId, event) -> {
                if (event.author().startsWith("spam-")) {
                    return Optional.empty();
                }
                return Optional.of(event.author().startsWith("holder-") ? Event.of(event.id(), event.source(), event.author(),
                        event.conversation(), event.text(), Trust.TRUSTED) : event);
            });
        }

        @Override
        public List<PolicyRule> policyRules(PluginContext context) {
            return List.of(new PolicyRule() {
                @Override
                public String name() {
                    return "no-tips-to-bob";
                }

                @Override
                public PolicyDecision check(PolicyRequest request) {
                    return request.event().author().equals("holder-bob") ? PolicyDecision.deny(name(), "bob sold his tokens")
                            : PolicyDecision.allow();
                }
            });
        }
    };

    @BeforeEach
    void setUp() {
        model = ScriptedModel.start();
        journal = new InMemoryJournal();
        runtime = AgentRuntime.builder().journal(journal).build();
        runtime.register(Agent.builder("tipper").persona(Persona.of("Tipper", "A bot.")).model(model.chatModel()).plugin(holders)
                .policy(StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).build()).build());
        runtime.start();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        model.close();
    }

    @Test
    void aGateRaisesAHoldersTrustSoTheMoneyToolIsOfferedAndRuns() throws Exception {
        model.thenToolCall("transfer_native", TIP).thenReply("Sent.");

        TurnResult result = runtime.submit("tipper", event("e1", "holder-alice")).get(30, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThat(result.event().trust()).isEqualTo(Trust.TRUSTED);
        assertThat(result.toolCalls()).singleElement().extracting(ToolCall::outcome).isEqualTo(ToolCall.Outcome.OK);
        assertThat(transfer.executed).containsExactly(ALICE + "=0.1");
    }

    @Test
    void withoutTheGatesHelpAnUntrustedAuthorIsNotEvenOfferedTheTransfer() throws Exception {
        model.thenToolCall("transfer_native", TIP).thenReply("No.");

        TurnResult result = runtime.submit("tipper", event("e2", "carol")).get(30, TimeUnit.SECONDS);

        assertThat(result.toolCalls()).singleElement().satisfies(c -> assertThat(c.rule()).isEqualTo("trust"));
        assertThat(transfer.executed).isEmpty();
    }

    @Test
    void aGateTurnsAStrangerAwayBeforeTheJournalSeesTheEvent() throws Exception {
        TurnResult result = runtime.submit("tipper", event("e3", "spam-bot")).get(30, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.GATED);
        assertThat(model.requests()).isEmpty();
        assertThat(journal.turns("tipper", 10)).isEmpty();
        assertThat(journal.pending("tipper")).isEmpty();
    }

    @Test
    void aPluginRuleDeniesWhatThePolicyAllowed() throws Exception {
        model.thenToolCall("transfer_native", TIP).thenReply("Can't.");

        TurnResult result = runtime.submit("tipper", event("e4", "holder-bob")).get(30, TimeUnit.SECONDS);

        assertThat(result.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.decision()).isEqualTo(ToolCall.Decision.DENY);
            assertThat(c.rule()).isEqualTo("no-tips-to-bob");
        });
        assertThat(transfer.executed).isEmpty();
    }

    private static Event event(String id, String author) {
        return Event.of(id, "feed", author, "c-" + id, "tip me", Trust.UNTRUSTED);
    }
}
