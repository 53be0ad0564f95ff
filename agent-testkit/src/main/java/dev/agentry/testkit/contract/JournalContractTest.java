package dev.agentry.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.ModelCall;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The {@link Journal} contract: deduplicating inbox, pending events oldest first, dead letters that
 * complete their event, turns newest first, effects upserted by idempotency key with their spend
 * ledger, exactly-once acceptance under concurrency, and (for durable journals) all of it after a
 * reopen.
 *
 * <p>Use: extend this class in your test sources, return the journal from {@link #store()}, and
 * for a durable journal override {@link #restart()} to close it and open it again on the same
 * data. Each test uses its own random agent id, so a journal shared by several tests (one
 * database) is fine.
 *
 * <pre>{@code
 * class MyJournalTest extends JournalContractTest {
 *     private MyJournal journal = MyJournal.open(dir);
 *
 *     protected Journal store() { return journal; }
 *     protected void restart() { journal.close(); journal = MyJournal.open(dir); }
 * }
 * }</pre>
 */
public abstract class JournalContractTest extends ContractTest<Journal> {

    /** A contract whose subclass overrides {@link #store()}. */
    protected JournalContractTest() {}

    /**
     * A contract over a journal given by functions.
     *
     * @param journal returns the journal under test
     * @param restart closes the journal and opens it again on the same data
     */
    protected JournalContractTest(Supplier<Journal> journal, Runnable restart) {
        super(journal, restart);
    }

    /**
     * Returns a test event with fixed fields (nanosecond receive time, an attribute) and this id.
     *
     * @param id the event id
     * @return the event
     */
    public static Event event(String id) {
        return new Event(id, "x", "alice", "conv-1", "hello " + id, Trust.UNTRUSTED, Instant.parse("2026-01-02T03:04:05.123456789Z"),
                Map.of("replyTo", "m-" + id));
    }

    /** An event is accepted once per agent, pending oldest first until completed, and stays deduplicated after. */
    @Test
    public void acceptDeduplicatesAndPendingIsOldestFirst() {
        Journal j = store();
        assertThat(j.accept(agent, event("e1"))).isTrue();
        assertThat(j.accept(agent, event("e2"))).isTrue();
        assertThat(j.accept(agent, event("e1"))).isFalse();
        assertThat(j.accept(agent + "-other", event("e1"))).as("dedup is per agent").isTrue();
        assertThat(j.pending(agent)).containsExactly(event("e1"), event("e2"));
        j.complete(agent, "e1");
        assertThat(j.pending(agent)).containsExactly(event("e2"));
        assertThat(j.accept(agent, event("e1"))).as("completed events stay deduplicated").isFalse();
    }

    /** A page of events is accepted as one by one: duplicates (known before or earlier in the page) refused, pending in order, durable. */
    @Test
    public void acceptAllIsAcceptOneByOne() {
        Journal j = store();
        assertThat(j.accept(agent, event("b1"))).isTrue();
        assertThat(j.acceptAll(agent, List.of(event("b1"), event("b2"), event("b3"), event("b2")))).containsExactly(false, true, true, false);
        assertThat(j.acceptAll(agent, List.of(event("b4")))).containsExactly(true);
        assertThat(j.acceptAll(agent, List.of())).isEmpty();
        assertThat(j.pending(agent)).containsExactly(event("b1"), event("b2"), event("b3"), event("b4"));
        assertThat(reopen().pending(agent)).containsExactly(event("b1"), event("b2"), event("b3"), event("b4"));
    }

    /** A dead letter is listed for its agent only and completes its event. */
    @Test
    public void deadLetterCompletesTheEvent() {
        Journal j = store();
        j.accept(agent, event("d1"));
        DeadLetter d = new DeadLetter(agent, event("d1"), 3, "model timed out", Instant.parse("2026-01-02T03:04:06Z"));
        j.deadLetter(d);
        assertThat(j.pending(agent)).isEmpty();
        assertThat(j.deadLetters(agent)).containsExactly(d);
        assertThat(j.deadLetters(agent + "-other")).isEmpty();
    }

    /** Turns round-trip field by field (outcomes, tool calls, nanosecond times) and list newest first. */
    @Test
    public void turnsRoundTripNewestFirst() {
        Journal j = store();
        List<TurnResult> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TurnResult t = new TurnResult(agent, event("t" + i), i % 2 == 0 ? TurnResult.Outcome.REPLIED : TurnResult.Outcome.FAILED,
                    i % 2 == 0 ? Optional.of("reply " + i) : Optional.empty(), List.of(new ModelCall(100 + i, 20, Duration.ofMillis(1234), "stop")),
                    List.of(new ToolCall("wallet.send", "{\"to\":\"0xabc\"}", ToolCall.Decision.DENY, "spend-cap", ToolCall.Outcome.DENIED,
                            "over cap", "k-" + i)),
                    Instant.parse("2026-01-02T03:04:05.000001Z").plusSeconds(i), Duration.ofNanos(987_654_321),
                    i % 2 == 0 ? Optional.empty() : Optional.of("boom"));
            j.recordTurn(t);
            written.add(t);
        }
        assertThat(j.turns(agent, 3)).containsExactly(written.get(4), written.get(3), written.get(2));
        assertThat(j.turns(agent, 10)).hasSize(5);
        assertThat(j.turns(agent, 0)).isEmpty();
        assertThat(j.turns("nobody-" + agent, 10)).isEmpty();
    }

    /** An effect is replaced by key (status, details, exact spend amounts) and listed by update time. */
    @Test
    public void effectsUpsertAndListSince() {
        Journal j = store();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String key = agent + ":e1:wallet.send:0";
        EffectRecord started = new EffectRecord(key, agent, "e1", "wallet.send", EffectRecord.Status.STARTED, Map.of("amount", "1.5"),
                List.of(Spend.of("ETH", new BigDecimal("1.5"), "0xabc")), Optional.empty(), t0);
        j.putEffect(started);
        assertThat(j.effect(key)).contains(started);
        EffectRecord done = new EffectRecord(key, agent, "e1", "wallet.send", EffectRecord.Status.DONE, Map.of("amount", "1.5", "tx", "0x1"),
                List.of(Spend.of("ETH", new BigDecimal("1.500021"), "0xabc")), Optional.of("sent"), t0.plusSeconds(5));
        j.putEffect(done);
        assertThat(j.effect(key)).contains(done);
        assertThat(j.effect(key).orElseThrow().spends().get(0).amount()).isEqualByComparingTo("1.500021");
        EffectRecord other = new EffectRecord(key + "b", agent, "e2", "post", EffectRecord.Status.FAILED, Map.of(), List.of(), Optional.of("x"),
                t0.plusSeconds(1));
        j.putEffect(other);
        assertThat(j.effectsSince(agent, t0)).containsExactly(other, done);
        assertThat(j.effectsSince(agent, t0.plusSeconds(2))).containsExactly(done);
        assertThat(j.effect("missing-" + key)).isEmpty();
    }

    /** Eight threads accepting the same 50 events accept each exactly once. */
    @Test
    public void concurrentAcceptsOfTheSameEventAcceptExactlyOnce() throws Exception {
        Journal j = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            AtomicInteger accepted = new AtomicInteger();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (j.accept(agent, event("c" + i))) {
                            accepted.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            assertThat(accepted).hasValue(50);
            assertThat(j.pending(agent)).hasSize(50);
        } finally {
            pool.shutdownNow();
        }
    }

    /** After {@link #restart()}, the inbox, turns, effects and dead letters are all still there. */
    @Test
    public void everythingSurvivesReopen() {
        Journal j = store();
        j.accept(agent, event("r1"));
        j.accept(agent, event("r2"));
        j.complete(agent, "r1");
        DeadLetter letter = new DeadLetter(agent, event("r3"), 2, "gave up", Instant.parse("2026-01-02T03:04:07Z"));
        j.deadLetter(letter);
        EffectRecord effect = new EffectRecord(agent + ":r2:pay:0", agent, "r2", "pay", EffectRecord.Status.STARTED, Map.of(),
                List.of(Spend.of("USDC", new BigDecimal("2.000001"), "0xdef")), Optional.empty(), Instant.parse("2026-01-02T03:04:08Z"));
        j.putEffect(effect);
        TurnResult turn = new TurnResult(agent, event("r1"), TurnResult.Outcome.SILENT, Optional.empty(), List.of(), List.of(),
                Instant.parse("2026-01-02T03:04:09Z"), Duration.ofMillis(5), Optional.empty());
        j.recordTurn(turn);

        Journal again = reopen();
        assertThat(again.pending(agent)).containsExactly(event("r2"));
        assertThat(again.accept(agent, event("r1"))).isFalse();
        assertThat(again.deadLetters(agent)).containsExactly(letter);
        assertThat(again.effect(effect.key())).contains(effect);
        assertThat(again.turns(agent, 1)).containsExactly(turn);
    }
}
