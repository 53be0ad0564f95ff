package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.FencedException;
import dev.agentry.core.Trust;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster fencing on a real PostgreSQL server: two store handles (two nodes) share one database;
 * the one that claimed an agent last is the only one whose journal writes for it go through, the
 * other's are refused in the same transaction and leave nothing behind.
 */
class PostgresFencingTest {
    private static RealServers.Postgres pg;
    private static String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = RealServers.Postgres.start();
        url = pg.newDatabase("fencing");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static AgentryStore node(String name) {
        return AgentryStore.builder().postgres(url, "postgres", "").embeddingModel(new HashEmbeddingModel(16), "hash-16").fencing(name).build();
    }

    private static Event event(String id) {
        return Event.of(id, "test", "alice", "c1", "hello", Trust.UNTRUSTED);
    }

    private static EffectRecord effect(String key, String agent) {
        return new EffectRecord(key, agent, "e1", "transfer", EffectRecord.Status.STARTED, Map.of(), List.of(), Optional.empty(), Instant.now());
    }

    @Test
    void aFencedHandleWritesNothingForAnAgentItHasNotClaimed() {
        try (AgentryStore a = node("node-a")) {
            assertThatThrownBy(() -> a.accept("unclaimed", event("u1"))).isInstanceOf(FencedException.class)
                    .hasMessage("agent 'unclaimed' is not claimed by node node-a: journal write refused");
            assertThat(a.pending("unclaimed")).isEmpty();

            assertThat(a.claim("unclaimed")).isEqualTo(1);
            assertThat(a.accept("unclaimed", event("u1"))).isTrue();
            a.putEffect(effect("k-unclaimed", "unclaimed"));
            assertThat(a.effect("k-unclaimed")).isPresent();

            a.release("unclaimed");
            assertThatThrownBy(() -> a.complete("unclaimed", "u1")).isInstanceOf(FencedException.class);
            assertThat(a.pending("unclaimed")).extracting(Event::id).containsExactly("u1");
        }
    }

    @Test
    void theNewOwnersClaimFencesTheOldOneInEveryJournalWrite() {
        try (AgentryStore a = node("node-a"); AgentryStore b = node("node-b")) {
            long first = a.claim("tally");
            assertThat(a.accept("tally", event("t1"))).isTrue();
            a.putEffect(effect("k1", "tally"));

            long second = b.claim("tally");
            assertThat(second).isEqualTo(first + 1);

            assertThatThrownBy(() -> a.putEffect(effect("k2", "tally"))).isInstanceOf(FencedException.class)
                    .hasMessage("agent 'tally' was taken over (epoch " + second + "; node node-a holds " + first + "): journal write refused")
                    .extracting(e -> ((FencedException) e).agentId()).isEqualTo("tally");
            assertThatThrownBy(() -> a.putEffect(effect("k1", "tally").finish(EffectRecord.Status.DONE, "sent twice")))
                    .isInstanceOf(FencedException.class);
            assertThatThrownBy(() -> a.accept("tally", event("t2"))).isInstanceOf(FencedException.class);
            assertThatThrownBy(() -> a.complete("tally", "t1")).isInstanceOf(FencedException.class);
            assertThatThrownBy(() -> a.deadLetter(new DeadLetter("tally", event("t1"), 1, "x", Instant.now())))
                    .isInstanceOf(FencedException.class);
            // nothing of the refused writes is in the database
            assertThat(b.effect("k2")).isEmpty();
            assertThat(b.effect("k1")).get().extracting(EffectRecord::status).isEqualTo(EffectRecord.Status.STARTED);
            assertThat(b.pending("tally")).extracting(Event::id).containsExactly("t1");
            assertThat(b.deadLetters("tally")).isEmpty();

            // the new owner's writes go through (positive control), and other agents are not affected
            b.putEffect(effect("k1", "tally").finish(EffectRecord.Status.DONE, "sent once"));
            assertThat(b.accept("tally", event("t2"))).isTrue();
            b.complete("tally", "t1");
            assertThat(a.effect("k1")).get().extracting(r -> r.result().orElseThrow()).isEqualTo("sent once");
            a.claim("other");
            assertThat(a.accept("other", event("o1"))).isTrue();

            // and claiming back fences the other way round
            assertThat(a.claim("tally")).isEqualTo(second + 1);
            assertThatThrownBy(() -> b.complete("tally", "t2")).isInstanceOf(FencedException.class);
            a.complete("tally", "t2");
            assertThat(a.pending("tally")).isEmpty();
        }
    }

    @Test
    void aClaimWaitsUntilAWriteInProgressCommits() throws Exception {
        try (AgentryStore a = node("node-a"); AgentryStore b = node("node-b"); Connection inProgress = DriverManager.getConnection(url, "postgres", "")) {
            long first = a.claim("slow");
            inProgress.setAutoCommit(false);
            try (Statement s = inProgress.createStatement(); ResultSet rs = s.executeQuery("SELECT epoch FROM agent_epochs WHERE agent_id = 'slow' FOR SHARE")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(first);
            }
            CompletableFuture<Long> claim = CompletableFuture.supplyAsync(() -> b.claim("slow"));
            assertThatThrownBy(() -> claim.get(500, TimeUnit.MILLISECONDS)).as("the claim waits for the share lock of the write in progress")
                    .isInstanceOf(TimeoutException.class);
            inProgress.commit();
            assertThat(claim.get(10, TimeUnit.SECONDS)).isEqualTo(first + 1);
        }
    }

    /** A turn the runtime abandons is interrupted wherever it is, also inside a query: the connection every store shares must survive. */
    @Test
    void interruptingAVirtualThreadInAQueryLeavesTheSharedConnectionOpen() throws Exception {
        try (AgentryStore a = node("node-a")) {
            a.claim("busy");
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicInteger interruptedCalls = new java.util.concurrent.atomic.AtomicInteger();
            Thread worker = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 300 && failure.get() == null; i++) {
                    try {
                        a.accept("busy", event("b" + i));
                        a.pending("busy");
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                    if (Thread.interrupted()) {
                        interruptedCalls.incrementAndGet();
                    }
                }
            });
            while (worker.isAlive()) {
                worker.interrupt();
                Thread.sleep(0, 200_000);
            }
            assertThat(failure.get()).as("no query failed because its thread was interrupted").isNull();
            assertThat(interruptedCalls.get()).as("the interrupts did arrive (and were kept for the caller)").isPositive();
            assertThat(a.pending("busy")).hasSize(300);
        }
    }

    @Test
    void fencingNeedsPostgresAndClaimsNeedFencing(@TempDir Path dir) {
        assertThatThrownBy(() -> AgentryStore.builder().sqlite(dir.resolve("x.db")).embeddingModel(new HashEmbeddingModel(16), "hash-16")
                .fencing("node-a").build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("fencing(node-a) needs a PostgreSQL store");
        assertThatThrownBy(() -> AgentryStore.builder().postgres(url, "postgres", "").fencing(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentryStore.builder().postgres(url, "postgres", "").fencing("a").fencing("b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fencing");
        try (AgentryStore plain = AgentryStore.builder().postgres(url, "postgres", "").embeddingModel(new HashEmbeddingModel(16), "hash-16").build()) {
            assertThatThrownBy(() -> plain.claim("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("fencing(owner)");
            assertThat(plain.accept("x", event("p1"))).as("an unfenced store writes as before").isTrue();
        }
    }
}
