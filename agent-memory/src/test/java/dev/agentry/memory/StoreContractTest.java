package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.MemoryItem.Kind;
import dev.agentry.core.RecallQuery;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link AgentryStore} contract (memory, journal, cursors), run against every store. */
abstract class StoreContractTest extends JournalContractTest {
    protected final HashEmbeddingModel model = new HashEmbeddingModel(256);
    private AgentryStore store;

    @TempDir
    Path tmp;

    /** A builder for this test's database, with the model set. */
    protected abstract AgentryStore.Builder builder();

    protected final AgentryStore store() {
        if (store == null) {
            store = open();
        }
        return store;
    }

    /** Opens this test's store. */
    protected AgentryStore open() {
        return builder().embeddingModel(model, "hash-256").build();
    }

    protected final AgentryStore reopen() {
        store.close();
        store = null;
        return store();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Override
    protected Journal journal() {
        return store();
    }

    @Override
    protected CursorStore cursors() {
        return store();
    }

    private MemoryItem item(Kind kind, String conv, String text, Instant at) {
        return new MemoryItem(kind + "-" + java.util.UUID.randomUUID(), agent, kind, Optional.ofNullable(conv), "alice", text, 0.5, at, Map.of("k", "v"));
    }

    @Test
    void recentIsOldestFirstWithinTheTokenBudgetAndSurvivesReopen() {
        AgentryStore s = store();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        List<MemoryItem> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            MemoryItem m = item(Kind.MESSAGE, "c1", "message number " + i + " with some words", t.plusSeconds(i));
            s.remember(m);
            written.add(m);
        }
        s.remember(item(Kind.MESSAGE, "c2", "other conversation", t));
        s.remember(item(Kind.FACT, "c1", "a fact is not a message", t.plusSeconds(100)));
        int per = dev.agentry.core.internal.Tokens.estimate(written.get(15).text()) + 4; // + 4 per message, as core counts
        List<MemoryItem> recent = s.recent(agent, "c1", per * 3 + 1);
        assertThat(recent).containsExactlyElementsOf(written.subList(17, 20));
        // write-through: the cached window sees new messages
        MemoryItem late = item(Kind.MESSAGE, "c1", "message number 20 with some words", t.plusSeconds(20));
        s.remember(late);
        assertThat(s.recent(agent, "c1", per * 2)).containsExactly(written.get(19), late);
        assertThat(reopen().recent(agent, "c1", 100_000)).hasSize(21).startsWith(written.get(0)).endsWith(late);
        assertThat(store().recent(agent, "missing", 100)).isEmpty();
    }

    @Test
    void recallRanksByMeaningAndFilters() {
        AgentryStore s = store();
        Instant t = Instant.now().minusSeconds(60);
        MemoryItem hiking = item(Kind.FACT, null, "alice loves hiking in the mountains", t);
        MemoryItem pizza = item(Kind.FACT, null, "bob orders pizza every friday", t);
        MemoryItem post = item(Kind.POST, null, "mountains hiking trip photos", t);
        MemoryItem msg = item(Kind.MESSAGE, "c9", "hiking boots for the mountains", t);
        s.rememberAll(List.of(hiking, pizza, post, msg));
        s.remember(new MemoryItem("other-agent-" + agent, agent + "-x", Kind.FACT, Optional.empty(), "a", "alice loves hiking in the mountains",
                1, t, Map.of()));
        assertThat(s.recall(RecallQuery.of(agent, "who loves hiking in mountains", 2)).get(0)).isEqualTo(hiking);
        assertThat(s.recall(RecallQuery.of(agent, "hiking mountains", 10))).hasSize(4).doesNotContainNull()
                .allMatch(m -> m.agentId().equals(agent));
        assertThat(s.recall(new RecallQuery(agent, "hiking mountains", 10, Set.of(Kind.POST), Optional.empty(), 0))).containsExactly(post);
        assertThat(s.recall(new RecallQuery(agent, "hiking mountains", 10, Set.of(), Optional.of("c9"), 0))).containsExactly(msg);
        int budget = dev.agentry.core.internal.Tokens.estimate(hiking.text());
        assertThat(s.recall(new RecallQuery(agent, "hiking mountains", 10, Set.of(), Optional.empty(), budget))).hasSize(1);
        assertThat(s.search(RecallQuery.of(agent, "hiking", 10), TimeRange.since(t.plusSeconds(1)))).isEmpty();
        assertThat(s.search(RecallQuery.of(agent, "pizza friday", 1), TimeRange.between(t, t)).get(0).relevance()).isGreaterThan(0.5);
        assertThat(s.forget(pizza.id())).isTrue();
        assertThat(s.recall(RecallQuery.of(agent, "pizza friday", 10))).doesNotContain(pizza);
        assertThat(reopen().recall(RecallQuery.of(agent, "who loves hiking in mountains", 1))).containsExactly(hiking);
    }

    @Test
    void identicalTextsAreEmbeddedOnce() {
        AgentryStore s = store();
        s.remember(item(Kind.FACT, null, "the same text " + agent, Instant.now()));
        int before = model.embedded.get();
        s.remember(item(Kind.FACT, null, "the same text " + agent, Instant.now()));
        s.rememberAll(List.of(item(Kind.FACT, null, "the same text " + agent, Instant.now()), item(Kind.FACT, null, "the same text " + agent, Instant.now())));
        assertThat(model.embedded.get()).isEqualTo(before);
        reopen().remember(item(Kind.FACT, null, "the same text " + agent, Instant.now()));
        assertThat(model.embedded.get()).as("reuses the stored vector after reopen").isEqualTo(before);
        assertThat(store().count(agent)).isEqualTo(5);
    }

    @Test
    void nearDuplicatePosts() {
        AgentryStore s = store();
        assertThat(s.isNearDuplicate(agent, "anything at all")).isFalse();
        s.remember(item(Kind.POST, null, "GM frens! The bonding curve for $AGT is live: https://agentry.dev/launch", Instant.now()));
        s.remember(item(Kind.POST, null, "Weekly recap of token launches and volume", Instant.now()));
        assertThat(s.isNearDuplicate(agent, "gm frens the bonding curve for $agt is LIVE https://other.link")).isTrue();
        assertThat(s.nearestPost(agent, "gm frens the bonding curve for agt is live").orElseThrow().relevance()).isEqualTo(1.0);
        assertThat(s.isNearDuplicate(agent, "weekly recap of token launches and volume!!")).isTrue();
        assertThat(s.isNearDuplicate(agent, "what is everyone eating for lunch today")).isFalse();
    }

    @Test
    void retentionCompactsOldMessagesIntoASummary() {
        AgentryStore s = store();
        Instant t = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 30; i++) {
            s.remember(item(Kind.MESSAGE, "long", "line " + i, t.plusSeconds(i)));
        }
        s.remember(item(Kind.POST, null, "ancient post", Instant.now().minus(Duration.ofDays(400))));
        assertThat(s.recent(agent, "long", 10_000)).hasSize(30);
        RetentionPolicy.Report r = s.applyRetention(agent, RetentionPolicy.defaults().withKeep(10));
        assertThat(r).isEqualTo(new RetentionPolicy.Report(20, 1, 1));
        List<MemoryItem> recent = s.recent(agent, "long", 10_000);
        assertThat(recent).hasSize(11);
        assertThat(recent.get(0).kind()).isEqualTo(Kind.SUMMARY);
        assertThat(recent.get(0).text()).contains("alice: line 0").contains("alice: line 19").doesNotContain("line 20");
        assertThat(recent.get(1).text()).isEqualTo("line 20");
        assertThat(s.count(agent)).isEqualTo(11);
        RetentionPolicy capped = new RetentionPolicy(1000, Optional.empty(), Set.of(), 5);
        assertThat(s.applyRetention(agent, capped).deleted()).isEqualTo(6);
        assertThat(s.count(agent)).isEqualTo(5);
    }

    @Test
    void chatMemoryStoreRoundTrips() {
        ChatMemoryStore chat = store().chatMemoryStore(agent);
        List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from("be brief"), UserMessage.from("price of ETH?"),
                AiMessage.from(List.of(ToolExecutionRequest.builder().id("call-1").name("price").arguments("{\"asset\":\"ETH\"}").build())),
                ToolExecutionResultMessage.from("call-1", "price", "3000"), AiMessage.from("ETH is 3000 USD")));
        chat.updateMessages("chat-1", messages);
        assertThat(chat.getMessages("chat-1")).isEqualTo(messages);
        messages.add(UserMessage.from("thanks"));
        messages.remove(1);
        chat.updateMessages("chat-1", messages);
        assertThat(reopen().chatMemoryStore(agent).getMessages("chat-1")).isEqualTo(messages);
        store().chatMemoryStore(agent).deleteMessages("chat-1");
        assertThat(store().chatMemoryStore(agent).getMessages("chat-1")).isEmpty();
    }

    @Test
    void knowledgeIngestionSkipsUnchangedFiles() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        StringBuilder big = new StringBuilder("# Tokenomics\n\n");
        for (int i = 0; i < 30; i++) {
            big.append("Paragraph ").append(i).append(" explains how the bonding curve prices token number ").append(i)
                    .append(" as supply grows, and why early buyers pay less than late buyers.\n\n");
        }
        Files.writeString(docs.resolve("tokenomics.md"), big);
        Files.writeString(docs.resolve("faq.txt"), "The agent never sends funds to unknown addresses.\n\nAsk the owner for an allowlist.");
        Files.writeString(docs.resolve("ignored.pdf"), "binary");
        List<String> progress = new ArrayList<>();
        IngestListener.Report first = store().ingest(agent, docs, (f, done, total, chunks, skipped) ->
                progress.add(f.getFileName() + ":" + done + "/" + total + ":" + skipped));
        assertThat(first.files()).isEqualTo(2);
        assertThat(first.skipped()).isZero();
        assertThat(first.chunks()).isGreaterThan(4);
        assertThat(progress).containsExactly("faq.txt:1/2:false", "tokenomics.md:2/2:false");
        List<MemoryItem> chunks = store().recall(new RecallQuery(agent, "paragraph 17 token number 17", 3, Set.of(Kind.KNOWLEDGE), Optional.empty(), 0));
        assertThat(chunks.get(0).metadata()).containsEntry("source", "tokenomics.md");
        assertThat(chunks.get(0).text()).contains("Paragraph 17").startsWith("# Tokenomics");
        assertThat(reopen().ingest(agent, docs, IngestListener.none())).isEqualTo(new IngestListener.Report(2, 2, 0));
        Files.writeString(docs.resolve("faq.txt"), "Changed answer.");
        assertThat(store().ingest(agent, docs, IngestListener.none())).isEqualTo(new IngestListener.Report(2, 1, 1));
        assertThat(store().recall(new RecallQuery(agent, "allowlist owner unknown addresses", 50, Set.of(Kind.KNOWLEDGE), Optional.empty(), 0)))
                .noneMatch(m -> m.text().contains("allowlist"));
    }

    @Test
    void concurrentRememberAndRecallAreSafe() throws Exception {
        AgentryStore s = store();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        s.remember(item(Kind.MESSAGE, "conc", "thread " + id + " message " + i, Instant.now()));
                        s.recall(RecallQuery.of(agent, "thread message", 5));
                        s.recent(agent, "conc", 50);
                    }
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).hasValue(0);
        assertThat(s.recent(agent, "conc", 1_000_000)).hasSize(100);
        assertThat(s.recall(RecallQuery.of(agent, "thread 3 message 7", 100))).hasSize(100);
    }
}
