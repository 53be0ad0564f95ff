package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Approval;
import dev.agentry.core.ApprovalHook;
import dev.agentry.core.ApprovalQueue;
import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Held calls wait in the approval queue without holding up the agent; an approved call runs exactly
 * once (also after a restart, and when its run was cut short), a denied or expired one never, and
 * every decision is journalled with who and when.
 */
class ApprovalQueueTest {
    private static final String BIG = "{\"to\":\"bob\",\"amount\":\"5\"}";
    private static final String SMALL = "{\"to\":\"bob\",\"amount\":\"0.5\"}";

    private final InMemoryJournal journal = new InMemoryJournal();
    private final ApprovalQueue queue = ApprovalQueue.inMemory();
    private final FakeTool pay = FakeTool.of("pay", Effect.FUNDS)
            .spending((a, c) -> List.of(Spend.of("ETH", a.decimal("amount"), a.string("to"))));

    private AgentRuntime runtime(Duration timeout, QueueModel model) {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.TEN, Duration.ofDays(1))
                .approvalAbove("ETH", BigDecimal.ONE).journal(journal).build();
        AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).journal(journal).approvalQueue(queue, timeout).build();
        runtime.register(Agent.builder("a1").persona(Persona.of("A", "Pays.")).model(model).tool(pay).policy(policy).build());
        runtime.start();
        return runtime;
    }

    private static Event event(String id) {
        return Event.of(id, "local", "alice", "c1", "pay bob 5", Trust.OWNER);
    }

    @Test
    void aHeldCallWaitsWithoutHoldingUpTheTurnAndRunsOnceWhenApproved() throws Exception {
        QueueModel model = new QueueModel().toolCall("pay", BIG).reply("asked my operator");
        try (AgentRuntime runtime = runtime(Duration.ofMinutes(5), model)) {
            TurnResult turn = runtime.submit("a1", event("e1")).get(10, TimeUnit.SECONDS);
            assertThat(turn.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
            assertThat(turn.toolCalls()).singleElement().satisfies(call -> {
                assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.HELD);
                assertThat(call.decision()).isEqualTo(ToolCall.Decision.NEEDS_APPROVAL);
                assertThat(call.result()).contains("held for a human's approval").contains("above the approval threshold of 1");
            });
            assertThat(pay.executions).hasValue(0);
            Approval pending = runtime.approvals(10).get(0);
            assertThat(pending.status()).isEqualTo(Approval.Status.PENDING);
            assertThat(pending.event().author()).isEqualTo("alice");
            assertThat(pending.arguments()).isEqualTo(BIG);
            assertThat(pending.spends()).containsExactly(Spend.of("ETH", new BigDecimal("5"), "bob"));
            assertThat(runtime.status("a1").caps()).singleElement()
                    .satisfies(cap -> assertThat(cap.used()).as("a held call reserves nothing").isZero());

            Approval done = runtime.approve(pending.id(), "carol", "looks right");

            assertThat(done.status()).isEqualTo(Approval.Status.EXECUTED);
            assertThat(done.outcome()).contains(ToolCall.Outcome.OK);
            assertThat(done.decidedBy()).contains("carol");
            assertThat(pay.executions).hasValue(1);
            assertThat(runtime.status("a1").caps().get(0).used()).isEqualByComparingTo("5");
            assertThat(journal.effect("approval:" + pending.id())).hasValueSatisfying(r -> {
                assertThat(r.details()).containsEntry("by", "carol").containsEntry("decision", "APPROVED").containsEntry("note", "looks right");
                assertThat(r.details().get("at")).isNotBlank();
            });
            assertThatThrownBy(() -> runtime.approve(pending.id(), "dave", "")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("EXECUTED");
            assertThat(runtime.invokeTool("a1", pending.event(), "pay", BIG).outcome()).isEqualTo(ToolCall.Outcome.REPLAYED);
            assertThat(pay.executions).as("approved, re-approved and retried: it ran once").hasValue(1);
        }
    }

    @Test
    void aCallBelowTheThresholdRunsAtOnceAndADeniedOneNever() {
        try (AgentRuntime runtime = runtime(Duration.ofMinutes(5), new QueueModel())) {
            assertThat(runtime.invokeTool("a1", event("e1"), "pay", SMALL).outcome()).isEqualTo(ToolCall.Outcome.OK);
            assertThat(pay.executions).hasValue(1);
            assertThat(runtime.invokeTool("a1", event("e2"), "pay", BIG).outcome()).isEqualTo(ToolCall.Outcome.HELD);
            Approval pending = runtime.approvals(10).get(0);

            Approval denied = runtime.deny(pending.id(), "carol", "too much");

            assertThat(denied.status()).isEqualTo(Approval.Status.DENIED);
            assertThat(journal.effect("approval:" + pending.id()).map(EffectRecord::details).orElseThrow())
                    .containsEntry("by", "carol").containsEntry("decision", "DENIED");
            ToolCall again = runtime.invokeTool("a1", event("e2"), "pay", BIG);
            assertThat(again.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
            assertThat(again.result()).contains("it was denied by carol (too much)");
            assertThat(pay.executions).hasValue(1);
        }
    }

    @Test
    void anUndecidedApprovalExpiresAsADenialByTimeout() throws Exception {
        try (AgentRuntime runtime = runtime(Duration.ofMillis(200), new QueueModel())) {
            assertThat(runtime.invokeTool("a1", event("e1"), "pay", BIG).outcome()).isEqualTo(ToolCall.Outcome.HELD);
            String id = runtime.approvals(1).get(0).id();
            for (int i = 0; i < 500 && queue.find(id).orElseThrow().status() == Approval.Status.PENDING; i++) {
                Thread.sleep(10);
            }
            assertThat(queue.find(id).orElseThrow().status()).isEqualTo(Approval.Status.EXPIRED);
            assertThat(journal.effect("approval:" + id).map(EffectRecord::details).orElseThrow()).containsEntry("by", "timeout");
            assertThatThrownBy(() -> runtime.approve(id, "carol", "")).isInstanceOf(IllegalStateException.class).hasMessageContaining("EXPIRED");
            assertThat(pay.executions).hasValue(0);
        }
    }

    @Test
    void aPendingApprovalSurvivesARestartAndRunsOnceWhenApprovedAfter() {
        String id;
        try (AgentRuntime first = runtime(Duration.ofMinutes(5), new QueueModel())) {
            assertThat(first.invokeTool("a1", event("e1"), "pay", BIG).outcome()).isEqualTo(ToolCall.Outcome.HELD);
            id = first.approvals(1).get(0).id();
        }
        try (AgentRuntime second = runtime(Duration.ofMinutes(5), new QueueModel())) {
            assertThat(second.approvals(10)).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo(id);
                assertThat(a.status()).isEqualTo(Approval.Status.PENDING);
            });
            assertThat(second.approve(id, "carol", "").outcome()).contains(ToolCall.Outcome.OK);
        }
        assertThat(pay.executions).hasValue(1);
    }

    @Test
    void anApprovedCallWhoseRunWasCutShortRunsAtTheNextStartOnce() throws Exception {
        try (AgentRuntime first = runtime(Duration.ofMinutes(5), new QueueModel())) {
            first.invokeTool("a1", event("e1"), "pay", BIG);
        }
        Approval held = queue.list(1).get(0);
        Approval approved = held.decided(Approval.Status.APPROVED, "carol", "", held.requestedAt());
        assertThat(queue.replace(Approval.Status.PENDING, approved)).isTrue();
        assertThat(queue.replace(Approval.Status.APPROVED, approved.with(Approval.Status.EXECUTING))).as("a run claimed it, then died").isTrue();

        try (AgentRuntime second = runtime(Duration.ofMinutes(5), new QueueModel())) {
            for (int i = 0; i < 500 && queue.find(held.id()).orElseThrow().status() != Approval.Status.EXECUTED; i++) {
                Thread.sleep(10);
            }
            assertThat(queue.find(held.id()).orElseThrow().outcome()).contains(ToolCall.Outcome.OK);
            assertThat(second.invokeTool("a1", event("e1"), "pay", BIG).outcome()).isEqualTo(ToolCall.Outcome.REPLAYED);
        }
        assertThat(pay.executions).hasValue(1);
    }

    @Test
    void argumentsWithSecretsAreNeverStoredForApproval() {
        try (AgentRuntime runtime = runtime(Duration.ofMinutes(5), new QueueModel())) {
            ToolCall call = runtime.invokeTool("a1", event("e1"), "pay", "{\"to\":\"bob\",\"amount\":\"5\",\"api_key\":\"sk-live-123\"}");

            assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
            assertThat(call.result()).contains("secret-looking values");
            assertThat(runtime.approvals(10)).isEmpty();
            assertThat(runtime.invokeTool("a1", event("e2"), "pay", BIG).outcome()).as("control: without the secret it is queued")
                    .isEqualTo(ToolCall.Outcome.HELD);
        }
    }

    @Test
    void aQueueAndAHookExcludeEachOther() {
        assertThatThrownBy(() -> AgentRuntime.builder().approvalHook(ApprovalHook.denyAll(), Duration.ofSeconds(1))
                .approvalQueue(queue, Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("exclude");
        assertThatThrownBy(() -> AgentRuntime.builder().approvalQueue(queue, Duration.ofSeconds(1))
                .approvalHook(ApprovalHook.denyAll(), Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        assertThat(AgentRuntime.builder().approvalQueue(queue, Duration.ofSeconds(1)).build()).as("control: one alone builds").isNotNull();
    }
}
