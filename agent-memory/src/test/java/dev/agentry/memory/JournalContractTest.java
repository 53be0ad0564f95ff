package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.CursorStore;
import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.ModelCall;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The {@link Journal} and {@link CursorStore} contract, run against every implementation. */
abstract class JournalContractTest {

    /** A fresh, empty journal for this test (unique agent ids keep shared databases apart). */
    protected abstract Journal journal();

    /** The cursor store of the same implementation, or null when it has none. */
    protected CursorStore cursors() {
        return null;
    }

    protected final String agent = "agent-" + UUID.randomUUID();

    static Event event(String id) {
        return new Event(id, "x", "alice", "conv-1", "hello " + id, Trust.UNTRUSTED, Instant.parse("2026-01-02T03:04:05.123456789Z"),
                Map.of("replyTo", "m-" + id));
    }

    @Test
    void acceptDeduplicatesAndPendingIsOldestFirst() {
        Journal j = journal();
        assertThat(j.accept(agent, event("e1"))).isTrue();
        assertThat(j.accept(agent, event("e2"))).isTrue();
        assertThat(j.accept(agent, event("e1"))).isFalse();
        assertThat(j.accept(agent + "-other", event("e1"))).as("dedup is per agent").isTrue();
        assertThat(j.pending(agent)).containsExactly(event("e1"), event("e2"));
        j.complete(agent, "e1");
        assertThat(j.pending(agent)).containsExactly(event("e2"));
        assertThat(j.accept(agent, event("e1"))).as("completed events stay deduplicated").isFalse();
    }

    @Test
    void deadLetterCompletesTheEvent() {
        Journal j = journal();
        j.accept(agent, event("d1"));
        DeadLetter d = new DeadLetter(agent, event("d1"), 3, "model timed out", Instant.parse("2026-01-02T03:04:06Z"));
        j.deadLetter(d);
        assertThat(j.pending(agent)).isEmpty();
        assertThat(j.deadLetters(agent)).containsExactly(d);
        assertThat(j.deadLetters(agent + "-other")).isEmpty();
    }

    @Test
    void turnsRoundTripNewestFirst() {
        Journal j = journal();
        List<TurnResult> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TurnResult t = new TurnResult(agent, event("t" + i), i % 2 == 0 ? TurnResult.Outcome.REPLIED : TurnResult.Outcome.FAILED,
                    i % 2 == 0 ? Optional.of("reply " + i) : Optional.empty(),
                    List.of(new ModelCall(100 + i, 20, Duration.ofMillis(1234), "stop")),
                    List.of(new ToolCall("wallet.send", "{\"to\":\"0xabc\"}", ToolCall.Decision.DENY, "spend-cap", ToolCall.Outcome.DENIED, "over cap", "k-" + i)),
                    Instant.parse("2026-01-02T03:04:05.000001Z").plusSeconds(i), Duration.ofNanos(987_654_321), i % 2 == 0 ? Optional.empty()
                            : Optional.of("boom"));
            j.recordTurn(t);
            written.add(t);
        }
        assertThat(j.turns(agent, 3)).containsExactly(written.get(4), written.get(3), written.get(2));
        assertThat(j.turns(agent, 10)).hasSize(5);
        assertThat(j.turns("nobody-" + agent, 10)).isEmpty();
    }

    @Test
    void effectsUpsertAndListSince() {
        Journal j = journal();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String key = agent + ":e1:wallet.send:0";
        EffectRecord started = new EffectRecord(key, agent, "e1", "wallet.send", EffectRecord.Status.STARTED, Map.of("amount", "1.5"),
                List.of(dev.agentry.core.Spend.of("ETH", new java.math.BigDecimal("1.5"), "0xabc")), Optional.empty(), t0);
        j.putEffect(started);
        assertThat(j.effect(key)).contains(started);
        EffectRecord done = new EffectRecord(key, agent, "e1", "wallet.send", EffectRecord.Status.DONE, Map.of("amount", "1.5", "tx", "0x1"),
                List.of(dev.agentry.core.Spend.of("ETH", new java.math.BigDecimal("1.500021"), "0xabc")), Optional.of("sent"), t0.plusSeconds(5));
        j.putEffect(done);
        assertThat(j.effect(key)).contains(done);
        EffectRecord other = new EffectRecord(key + "b", agent, "e2", "post", EffectRecord.Status.FAILED, Map.of(), List.of(), Optional.of("x"),
                t0.plusSeconds(1));
        j.putEffect(other);
        assertThat(j.effectsSince(agent, t0)).containsExactly(other, done);
        assertThat(j.effectsSince(agent, t0.plusSeconds(2))).containsExactly(done);
        assertThat(j.effect("missing-" + key)).isEmpty();
    }

    @Test
    void concurrentAcceptsOfTheSameEventAcceptExactlyOnce() throws Exception {
        Journal j = journal();
        ExecutorService pool = Executors.newFixedThreadPool(8);
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
        pool.shutdown();
        assertThat(accepted).hasValue(50);
        assertThat(j.pending(agent)).hasSize(50);
    }

    @Test
    void cursorsOverwrite() {
        CursorStore c = cursors();
        if (c == null) {
            c = CursorStore.inMemory();
        }
        String key = "x:mentions:" + agent;
        assertThat(c.get(key)).isEmpty();
        c.put(key, "100");
        c.put(key, "105");
        assertThat(c.get(key)).contains("105");
    }
}
