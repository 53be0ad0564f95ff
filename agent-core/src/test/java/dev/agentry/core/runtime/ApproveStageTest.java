package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.ApprovalHook;
import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.ApproveStage;
import dev.agentry.core.internal.turn.AuthorizeStage;
import dev.agentry.core.internal.turn.ReplayStage;
import dev.agentry.core.internal.turn.ValidateStage;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApproveStageTest {
    private final FakeTool pay = FakeTool.of("pay", Effect.FUNDS).spending((a, c) -> List.of(Spend.of("ETH", BigDecimal.ONE)));
    private final PipelineFixture.Reached reached = new PipelineFixture.Reached();
    private final AtomicInteger asked = new AtomicInteger();

    private ToolCall approve(RecordingPolicy policy, ApprovalHook hook) {
        PipelineFixture fixture = new PipelineFixture(policy, (request, decision, timeout) -> {
            asked.incrementAndGet();
            return hook.approve(request, decision, timeout);
        }, pay);
        return fixture.runThrough(reached, event("e1", Trust.OWNER), "pay", "{}",
                List.of(ValidateStage::new, ReplayStage::new, AuthorizeStage::new, ApproveStage::new));
    }

    private static RecordingPolicy holding() {
        return RecordingPolicy.deciding(r -> PolicyDecision.needsApproval("approval", "over 0.5 ETH"));
    }

    @Test
    void anApprovedCallGoesOn() {
        RecordingPolicy policy = holding();

        ToolCall call = approve(policy, (r, d, t) -> true);

        assertThat(call.result()).isEqualTo("reached");
        assertThat(asked).hasValue(1);
        assertThat(policy.completed).as("the reservation stands until the call ends").isEmpty();
    }

    @Test
    void aRefusedCallIsDeniedAndItsReservationReleased() {
        RecordingPolicy policy = holding();

        ToolCall call = approve(policy, (r, d, t) -> false);

        assertThat(reached.calls).isEmpty();
        assertThat(call.decision()).isEqualTo(ToolCall.Decision.NEEDS_APPROVAL);
        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
        assertThat(call.result()).isEqualTo("error: denied by policy rule 'approval': over 0.5 ETH, and it was not approved");
        assertThat(policy.completed).containsExactly(List.of());
    }

    @Test
    void aFailingHookCountsAsARefusal() {
        ToolCall call = approve(holding(), (r, d, t) -> {
            throw new IllegalStateException("approval service down");
        });

        assertThat(reached.calls).isEmpty();
        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
    }

    @Test
    void anAllowedCallNeverAsksTheHook() {
        ToolCall call = approve(RecordingPolicy.allowingAll(), (r, d, t) -> false);

        assertThat(call.result()).isEqualTo("reached");
        assertThat(asked).hasValue(0);
    }
}
