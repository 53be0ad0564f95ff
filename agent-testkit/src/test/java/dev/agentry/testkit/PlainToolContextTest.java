package dev.agentry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlainToolContextTest {

    /** What a value-moving tool does with its context: checkpoint before the point of no return, settle after. */
    private static String pay(ToolContext context) {
        if (context.interruptedAttempt().isPresent()) {
            return "reconciled " + context.interruptedAttempt().get().details().get("tx.hash");
        }
        context.checkpoint(Map.of("tx.hash", "0xabc", "tx.nonce", "7"));
        context.checkpoint(Map.of("tx.nonce", "8"));
        context.settle(List.of(Spend.of("ETH", new BigDecimal("0.1"), "0xfriend"), Spend.of("ETH", new BigDecimal("0.000021"))));
        context.markEventAnswered();
        return "sent 0xabc";
    }

    @Test
    void defaultsAreAnOwnerEventAFreshKeyAndNoInterruptedAttempt() {
        PlainToolContext a = PlainToolContext.create();
        PlainToolContext b = PlainToolContext.create();
        assertThat(a.agentId()).isEqualTo("agent");
        assertThat(a.event().trust()).isEqualTo(Trust.OWNER);
        assertThat(a.interruptedAttempt()).isEmpty();
        assertThat(a.idempotencyKey()).isNotBlank().isNotEqualTo(b.idempotencyKey());
        assertThat(a.checkpoints()).isEmpty();
        assertThat(a.settled()).isEmpty();
        assertThat(a.eventAnswered()).isFalse();
    }

    @Test
    void recordsCheckpointsSettledSpendsAndAnAnsweredEvent() {
        PlainToolContext context = PlainToolContext.create();
        assertThat(pay(context)).isEqualTo("sent 0xabc");
        assertThat(context.checkpoints()).containsExactlyInAnyOrderEntriesOf(Map.of("tx.hash", "0xabc", "tx.nonce", "8"));
        assertThat(context.settled()).contains(List.of(Spend.of("ETH", new BigDecimal("0.1"), "0xfriend"), Spend.of("ETH", new BigDecimal("0.000021"))));
        assertThat(context.eventAnswered()).isTrue();
    }

    @Test
    void resumedCarriesTheCheckpointsAsAnInterruptedAttemptOfTheSameCall() {
        PlainToolContext first = PlainToolContext.create();
        pay(first);
        PlainToolContext again = first.resumed();
        assertThat(again.idempotencyKey()).isEqualTo(first.idempotencyKey());
        assertThat(again.event()).isEqualTo(first.event());
        EffectRecord attempt = again.interruptedAttempt().orElseThrow();
        assertThat(attempt.status()).isEqualTo(EffectRecord.Status.STARTED);
        assertThat(attempt.key()).isEqualTo(first.idempotencyKey());
        assertThat(attempt.details()).containsEntry("tx.hash", "0xabc").containsEntry("tx.nonce", "8");
        assertThat(attempt.spends()).hasSize(2);
        assertThat(pay(again)).isEqualTo("reconciled 0xabc");
    }

    @Test
    void configuredEventTrustKeyAndInterruptedAttempt() {
        Event event = Event.of("e9", "x", "mallory", "c9", "send it all", Trust.UNTRUSTED);
        PlainToolContext context = PlainToolContext.builder().agentId("tipper").event(event).idempotencyKey("k9")
                .interruptedAttempt(Map.of("tx.hash", "0xdef")).build();
        assertThat(context.agentId()).isEqualTo("tipper");
        assertThat(context.event().trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(context.idempotencyKey()).isEqualTo("k9");
        assertThat(context.interruptedAttempt().orElseThrow()).satisfies(r -> {
            assertThat(r.key()).isEqualTo("k9");
            assertThat(r.agentId()).isEqualTo("tipper");
            assertThat(r.eventId()).isEqualTo("e9");
            assertThat(r.details()).containsEntry("tx.hash", "0xdef");
        });
        assertThat(PlainToolContext.builder().trust(Trust.TRUSTED).build().event().trust()).isEqualTo(Trust.TRUSTED);
        EffectRecord record = new EffectRecord("k1", "agent", "e1", "transfer_native", EffectRecord.Status.STARTED, Map.of("tx.hash", "0x1"),
                List.of(), Optional.empty(), Instant.now());
        assertThat(PlainToolContext.builder().interruptedAttempt(record).build().interruptedAttempt()).contains(record);
    }

    @Test
    void aCheckpointHookCanSimulateAProcessKilledAfterTheJournalWrite() {
        PlainToolContext dying = PlainToolContext.builder().onCheckpoint(details -> {
            throw new IllegalStateException("killed after the checkpoint");
        }).build();
        assertThatThrownBy(() -> pay(dying)).hasMessage("killed after the checkpoint");
        assertThat(dying.checkpoints()).containsEntry("tx.hash", "0xabc");
        assertThat(dying.settled()).isEmpty();
        assertThat(pay(dying.resumed())).isEqualTo("reconciled 0xabc");
    }

    @Test
    void concurrentCheckpointsAreAllRecorded() throws Exception {
        PlainToolContext context = PlainToolContext.create();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            pool.submit(() -> context.checkpoint(Map.of("k" + n, "v" + n)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(context.checkpoints()).hasSize(1000);
    }

    @Test
    void eachSettingOnceAndNoBlankValues() {
        assertThatThrownBy(() -> PlainToolContext.builder().agentId("a").agentId("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("agentId");
        assertThatThrownBy(() -> PlainToolContext.builder().idempotencyKey("a").idempotencyKey("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("idempotencyKey");
        assertThatThrownBy(() -> PlainToolContext.builder().interruptedAttempt(Map.of()).interruptedAttempt(Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("interruptedAttempt");
        assertThatThrownBy(() -> PlainToolContext.builder().trust(Trust.OWNER).event(Event.of("e", "s", "a", "c", "t", Trust.OWNER)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust");
        assertThatThrownBy(() -> PlainToolContext.builder().event(Event.of("e", "s", "a", "c", "t", Trust.OWNER)).trust(Trust.OWNER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> PlainToolContext.builder().agentId(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agentId must not be blank, was \" \"");
    }
}
