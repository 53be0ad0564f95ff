package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.ALICE;
import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class RecordStageTest {
    private static final String ARGS = "{\"to\":\"" + ALICE + "\",\"amount\":\"0.3\"}";
    private static final List<Spend> DECLARED = List.of(Spend.of("ETH", new BigDecimal("0.3"), ALICE), Spend.of("ETH", new BigDecimal("0.2")));
    private static final List<Spend> SETTLED = List.of(Spend.of("ETH", new BigDecimal("0.3"), ALICE), Spend.of("ETH", new BigDecimal("0.01")));

    private final RecordingPolicy policy = RecordingPolicy.allowingAll();
    private PipelineFixture fixture;

    private ToolCall run(BiFunction<ToolArguments, ToolContext, String> body) {
        FakeTool pay = FakeTool.of("pay", Effect.FUNDS).spending((a, c) -> DECLARED).executing(body).timingOutAfter(Duration.ofMillis(300));
        fixture = new PipelineFixture(policy, pay);
        return fixture.run(event("e1", Trust.OWNER), "pay", ARGS);
    }

    private EffectRecord journalled(ToolCall call) {
        return fixture.journal.effect(call.idempotencyKey()).orElseThrow();
    }

    @Test
    void aCallThatRanIsDoneAndCountsWhatItDeclared() {
        ToolCall call = run((a, c) -> "{\"sent\":true}");

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(journalled(call).status()).isEqualTo(EffectRecord.Status.DONE);
        assertThat(journalled(call).result()).contains("{\"sent\":true}");
        assertThat(policy.completed).containsExactly(DECLARED);
    }

    @Test
    void aCallThatSettledCountsWhatReallyMovedInThePolicyAndTheJournal() {
        ToolCall call = run((a, c) -> {
            c.settle(SETTLED);
            return "{\"sent\":true}";
        });

        assertThat(policy.completed).containsExactly(SETTLED);
        assertThat(journalled(call).spends()).isEqualTo(SETTLED);
        assertThat(journalled(call).status()).isEqualTo(EffectRecord.Status.DONE);
    }

    @Test
    void settlingWritesNothingByItselfItsSpendsGoWithTheFinalStatus() {
        java.util.concurrent.atomic.AtomicReference<EffectRecord> whileRunning = new java.util.concurrent.atomic.AtomicReference<>();
        ToolCall call = run((a, c) -> {
            c.settle(SETTLED);
            whileRunning.set(fixture.journal.effectsSince(PipelineFixture.AGENT, java.time.Instant.EPOCH).get(0));
            return "{\"sent\":true}";
        });

        assertThat(whileRunning.get().status()).isEqualTo(EffectRecord.Status.STARTED);
        assertThat(whileRunning.get().spends()).as("the declared worst case until the final write").isEqualTo(DECLARED);
        assertThat(journalled(call).spends()).isEqualTo(SETTLED);
        assertThat(journalled(call).status()).isEqualTo(EffectRecord.Status.DONE);
    }

    @Test
    void aTimeoutAfterSettlingStaysStartedWithTheSettledSpends() {
        ToolCall call = run((a, c) -> {
            c.settle(SETTLED);
            sleep(Duration.ofSeconds(5));
            return "late";
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.TIMEOUT);
        assertThat(journalled(call).status()).isEqualTo(EffectRecord.Status.STARTED);
        assertThat(journalled(call).spends()).isEqualTo(SETTLED);
    }

    @Test
    void aCleanFailureIsFailedAndReleasesItsReservation() {
        ToolCall call = run((a, c) -> {
            throw new ToolException("insufficient funds");
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.ERROR);
        assertThat(journalled(call).status()).isEqualTo(EffectRecord.Status.FAILED);
        assertThat(policy.completed).containsExactly(List.of());
    }

    @Test
    void aFailureAfterSettlingCountsWhatItSettled() {
        ToolCall call = run((a, c) -> {
            c.settle(List.of(Spend.of("ETH", new BigDecimal("0.004"))));
            throw new ToolException("transaction reverted; the fee was paid");
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.ERROR);
        assertThat(policy.completed).containsExactly(List.of(Spend.of("ETH", new BigDecimal("0.004"))));
    }

    @Test
    void aTimeoutStaysStartedAndCountsTheWorstCase() {
        ToolCall call = run((a, c) -> {
            sleep(Duration.ofSeconds(5));
            return "late";
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.TIMEOUT);
        assertThat(journalled(call).status()).isEqualTo(EffectRecord.Status.STARTED);
        assertThat(policy.completed).containsExactly(DECLARED);
    }

    @Test
    void anUnexpectedFailureOfAFundsToolIsUnknownAndStaysStarted() {
        ToolCall call = run((a, c) -> {
            throw new IllegalStateException("connection reset after broadcast");
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.UNKNOWN);
        assertThat(journalled(call).status()).isEqualTo(EffectRecord.Status.STARTED);
        assertThat(policy.completed).containsExactly(DECLARED);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
