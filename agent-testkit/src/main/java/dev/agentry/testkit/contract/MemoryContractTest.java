package dev.agentry.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.MemoryItem.Kind;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.core.TokenCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link Memory} contract: recent windows oldest first within a token budget, recall by meaning
 * filtered by agent, kind, conversation and token budget, {@link Memory#mostSimilar} (exact repeats
 * score 1, the rest by similarity, within kinds and a time window), safety under concurrent use,
 * and (for durable stores) everything after a reopen.
 *
 * <p>Token budgets are checked with {@link #tokenCounter()}: a message costs its text's tokens plus
 * 4 in a recent window, and its text's tokens in recall, as core's memories count. Override the
 * counter if your store counts with another one.
 *
 * <p>Use: extend this class in your test sources, return the memory from {@link #store()}, and
 * for a durable store override {@link #restart()}. Each test writes as its own random agent.
 */
public abstract class MemoryContractTest extends ContractTest<Memory> {

    /** A contract whose subclass overrides {@link #store()}. */
    protected MemoryContractTest() {}

    /**
     * A contract over a memory given by functions.
     *
     * @param memory returns the memory under test
     * @param restart closes the memory and opens it again on the same data
     */
    protected MemoryContractTest(Supplier<Memory> memory, Runnable restart) {
        super(memory, restart);
    }

    /**
     * Returns the counter the store's token budgets use (default {@link TokenCounter#standard()}).
     *
     * @return the counter
     */
    protected TokenCounter tokenCounter() {
        return TokenCounter.standard();
    }

    private int windowCost(MemoryItem message) {
        return tokenCounter().count(message.text()) + 4;
    }

    private MemoryItem item(Kind kind, String conv, String text, Instant at) {
        return new MemoryItem(kind + "-" + UUID.randomUUID(), agent, kind, Optional.ofNullable(conv), "alice", text, 0.5, at, Map.of("k", "v"));
    }

    /** The newest messages that fit the budget come back oldest first; new messages join the window; facts and other conversations do not. */
    @Test
    public void recentIsOldestFirstWithinTheTokenBudgetAndSurvivesReopen() {
        Memory m = store();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        List<MemoryItem> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            MemoryItem message = item(Kind.MESSAGE, "c1", "message number " + i + " with some words", t.plusSeconds(i));
            m.remember(message);
            written.add(message);
        }
        m.remember(item(Kind.MESSAGE, "c2", "other conversation", t));
        m.remember(item(Kind.FACT, "c1", "a fact is not a message", t.plusSeconds(100)));
        m.remember(new MemoryItem("other-" + agent, agent + "-x", Kind.MESSAGE, Optional.of("c1"), "bob", "another agent", 0.5, t.plusSeconds(50),
                Map.of()));
        int lastThree = windowCost(written.get(17)) + windowCost(written.get(18)) + windowCost(written.get(19));
        assertThat(m.recent(agent, "c1", lastThree + windowCost(written.get(16)) - 1)).containsExactlyElementsOf(written.subList(17, 20));
        MemoryItem late = item(Kind.MESSAGE, "c1", "message number 20 with some words", t.plusSeconds(20));
        m.remember(late);
        assertThat(m.recent(agent, "c1", windowCost(written.get(19)) + windowCost(late))).as("a new message joins the window")
                .containsExactly(written.get(19), late);
        assertThat(m.recent(agent, "c1", 0)).isEmpty();
        assertThat(reopen().recent(agent, "c1", 100_000)).hasSize(21).startsWith(written.get(0)).endsWith(late);
        assertThat(store().recent(agent, "missing", 100)).isEmpty();
    }

    /** Recall ranks by meaning and honours the agent, kinds, conversation, limit and token budget; it survives a reopen. */
    @Test
    public void recallRanksByMeaningAndFilters() {
        Memory m = store();
        Instant t = Instant.now().minusSeconds(60);
        MemoryItem hiking = item(Kind.FACT, null, "alice loves hiking in the mountains", t);
        MemoryItem pizza = item(Kind.FACT, null, "bob orders pizza every friday", t);
        MemoryItem post = item(Kind.POST, null, "mountains hiking trip photos", t);
        MemoryItem msg = item(Kind.MESSAGE, "c9", "hiking boots for the mountains", t);
        m.rememberAll(List.of(hiking, pizza, post, msg));
        m.remember(new MemoryItem("other-agent-" + agent, agent + "-x", Kind.FACT, Optional.empty(), "a", "alice loves hiking in the mountains",
                1, t, Map.of()));
        assertThat(m.recall(RecallQuery.of(agent, "who loves hiking in mountains", 2))).hasSize(2).first().isEqualTo(hiking);
        assertThat(m.recall(RecallQuery.of(agent, "hiking mountains", 10))).contains(hiking, post, msg).doesNotContainNull()
                .allMatch(i -> i.agentId().equals(agent));
        assertThat(m.recall(new RecallQuery(agent, "hiking mountains", 10, Set.of(Kind.POST), Optional.empty(), 0))).containsExactly(post);
        assertThat(m.recall(new RecallQuery(agent, "hiking mountains", 10, Set.of(), Optional.of("c9"), 0))).containsExactly(msg);
        int budget = tokenCounter().count(hiking.text());
        assertThat(m.recall(new RecallQuery(agent, "hiking mountains", 10, Set.of(), Optional.empty(), budget))).hasSize(1);
        assertThat(m.recall(RecallQuery.of(agent, "hiking mountains", 0))).isEmpty();
        assertThat(reopen().recall(RecallQuery.of(agent, "who loves hiking in mountains", 1))).containsExactly(hiking);
    }

    /** An exact repeat (case, punctuation, links aside) scores 1; a paraphrase scores below 1 but above an unrelated text. */
    @Test
    public void mostSimilarScoresExactRepeatsOneAndRanksTheRestBySimilarity() {
        Memory m = store();
        Instant since = Instant.now().minus(Duration.ofDays(30));
        Set<Kind> posts = Set.of(Kind.POST);
        assertThat(m.mostSimilar(agent, "anything at all", posts, since)).as("nothing stored yet").isEmpty();
        MemoryItem launch = item(Kind.POST, null, "GM frens! The bonding curve for $AGT is live: https://agentry.dev/launch", Instant.now());
        MemoryItem recap = item(Kind.POST, null, "Weekly recap of token launches and volume", Instant.now());
        m.rememberAll(List.of(launch, recap));

        SimilarMemory exact = m.mostSimilar(agent, "gm frens the bonding curve for $agt is LIVE https://other.link", posts, since).orElseThrow();
        assertThat(exact).isEqualTo(new SimilarMemory(launch, 1.0));
        assertThat(m.mostSimilar(agent, "weekly recap of token launches and volume!!", posts, since)).contains(new SimilarMemory(recap, 1.0));

        SimilarMemory paraphrase = m.mostSimilar(agent, "GM frens, the bonding curve for $AGT is now live", posts, since).orElseThrow();
        assertThat(paraphrase.item()).isEqualTo(launch);
        assertThat(paraphrase.similarity()).isLessThan(1.0);
        SimilarMemory unrelated = m.mostSimilar(agent, "what is everyone eating for lunch today", posts, since).orElseThrow();
        assertThat(unrelated.similarity()).isLessThan(0.9).isLessThan(paraphrase.similarity()).isGreaterThanOrEqualTo(0.0);
    }

    /** Only the given kinds (all when empty), the given agent and items created since the given time are compared. */
    @Test
    public void mostSimilarHonoursKindsAgentAndWindow() {
        Memory m = store();
        Instant since = Instant.now().minus(Duration.ofDays(30));
        MemoryItem fact = item(Kind.FACT, null, "The treasury burns 5% of tokens in June", Instant.now());
        MemoryItem post = item(Kind.POST, null, "Weekly recap of token launches and volume", Instant.now());
        MemoryItem old = item(Kind.POST, null, "Lunch menu: tacos and lime soda", Instant.now().minus(Duration.ofDays(40)));
        m.rememberAll(List.of(fact, post, old));
        m.remember(new MemoryItem("other-" + agent, agent + "-x", Kind.POST, Optional.empty(), "bob", "The treasury burns 5% of tokens in June",
                0.5, Instant.now(), Map.of()));

        String factText = "the treasury burns 5% of tokens in june";
        assertThat(m.mostSimilar(agent, factText, Set.of(Kind.FACT), since)).contains(new SimilarMemory(fact, 1.0));
        assertThat(m.mostSimilar(agent, factText, Set.of(), since)).as("empty kinds: all kinds").contains(new SimilarMemory(fact, 1.0));
        SimilarMemory postsOnly = m.mostSimilar(agent, factText, Set.of(Kind.POST), since).orElseThrow();
        assertThat(postsOnly.item()).as("another agent's equal post does not count").isEqualTo(post);
        assertThat(postsOnly.similarity()).isLessThan(1.0);

        String oldText = "lunch menu: tacos and lime soda";
        assertThat(m.mostSimilar(agent, oldText, Set.of(Kind.POST), since).orElseThrow().item()).as("outside the window").isEqualTo(post);
        assertThat(m.mostSimilar(agent, oldText, Set.of(Kind.POST), since.minus(Duration.ofDays(30)))).contains(new SimilarMemory(old, 1.0));
    }

    /** Four threads remembering, recalling and reading windows at once: no error, nothing lost. */
    @Test
    public void concurrentRememberAndRecallAreSafe() throws Exception {
        Memory m = store();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        m.remember(item(Kind.MESSAGE, "conc", "thread " + id + " message " + i, Instant.now()));
                        m.recall(RecallQuery.of(agent, "thread message", 5));
                        m.recent(agent, "conc", 50);
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    throw e;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).hasValue(0);
        assertThat(m.recent(agent, "conc", 1_000_000)).hasSize(100);
        assertThat(m.recall(RecallQuery.of(agent, "thread 3 message 7", 100))).hasSize(100);
    }
}
