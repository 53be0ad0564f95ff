package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.MemoryItem.Kind;
import dev.agentry.core.RecallQuery;
import dev.agentry.testkit.contract.StoreContractTest;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test kit's store contracts (journal, memory, cursors) run against an {@link AgentryStore},
 * plus what only AgentryStore does: scores and time ranges, forgetting, embedding once per text,
 * retention, the LangChain4j chat memory and knowledge ingestion. One subclass per database.
 */
abstract class AgentryStoreContractTest extends StoreContractTest {
    protected final HashEmbeddingModel model = new HashEmbeddingModel(256);
    protected final String agent = "agent-" + UUID.randomUUID();
    private AgentryStore store;

    @TempDir
    Path tmp;

    /** A builder for this test's database, without the model. */
    protected abstract AgentryStoreBuilder builder();

    /** Opens this test's store. */
    protected AgentryStore open() {
        return builder().embeddingModel(model, "hash-256").build();
    }

    protected final AgentryStore store() {
        if (store == null) {
            store = open();
        }
        return store;
    }

    @Override
    protected void restart() {
        closeStore();
    }

    @Override
    protected Journal journal() {
        return store();
    }

    @Override
    protected Memory memory() {
        return store();
    }

    @Override
    protected CursorStore cursors() {
        return store();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private MemoryItem item(Kind kind, String conv, String text, Instant at) {
        return new MemoryItem(kind + "-" + UUID.randomUUID(), agent, kind, Optional.ofNullable(conv), "alice", text, 0.5, at, Map.of("k", "v"));
    }

    @Test
    void searchScoresWithinATimeRangeAndForgetRemoves() {
        AgentryStore s = store();
        Instant t = Instant.now().minusSeconds(60);
        MemoryItem hiking = item(Kind.FACT, null, "alice loves hiking in the mountains", t);
        MemoryItem pizza = item(Kind.FACT, null, "bob orders pizza every friday", t);
        s.rememberAll(List.of(hiking, pizza));
        assertThat(s.search(RecallQuery.of(agent, "hiking", 10), TimeRange.since(t.plusSeconds(1)))).isEmpty();
        ScoredMemory best = s.search(RecallQuery.of(agent, "pizza friday", 1), TimeRange.between(t, t)).get(0);
        assertThat(best.item()).isEqualTo(pizza);
        assertThat(best.relevance()).isGreaterThan(0.5);
        assertThat(s.memory(pizza.id())).contains(pizza);
        assertThat(s.forget(pizza.id())).isTrue();
        assertThat(s.forget(pizza.id())).isFalse();
        assertThat(s.memory(pizza.id())).isEmpty();
        assertThat(s.recall(RecallQuery.of(agent, "pizza friday", 10))).containsExactly(hiking);
    }

    @Test
    void recallFindsAWordTheEmbeddingMisses() {
        AgentryStore s = store();
        Instant t = Instant.now().minusSeconds(60);
        List<MemoryItem> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(item(Kind.FACT, null, "note " + i + " about the weather and the market", t));
        }
        MemoryItem ferry = item(Kind.FACT, null, "the Zanzibar ferry leaves at noon", t);
        items.add(30, ferry);
        s.rememberAll(items);
        // the test model embeds words as they are: "ferries" shares no word with the memory; full-text search stems both to "ferri"
        assertThat(s.recall(RecallQuery.of(agent, "ferries", 1))).containsExactly(ferry);
        assertThat(s.recall(RecallQuery.of(agent, "zanzibar", 1))).containsExactly(ferry);
        assertThat(s.recall(RecallQuery.of(agent, "weather", 3))).as("a word many memories share").doesNotContain(ferry).hasSize(3);
    }

    @Test
    void identicalTextsAreEmbeddedOnce() {
        AgentryStore s = store();
        // writes are embedded in the background: flush() waits for them before the model's calls are counted
        s.remember(item(Kind.FACT, null, "the same text " + agent, Instant.now()));
        s.flush();
        int before = model.embedded.get();
        assertThat(before).as("the first write was embedded").isPositive();
        s.remember(item(Kind.FACT, null, "the same text " + agent, Instant.now()));
        s.rememberAll(List.of(item(Kind.FACT, null, "the same text " + agent, Instant.now()), item(Kind.FACT, null, "the same text " + agent, Instant.now())));
        s.flush();
        assertThat(model.embedded.get()).isEqualTo(before);
        restart();
        store().remember(item(Kind.FACT, null, "the same text " + agent, Instant.now()));
        store().flush();
        assertThat(model.embedded.get()).as("reuses the stored vector after reopen").isEqualTo(before);
        assertThat(store().count(agent)).isEqualTo(5);
    }

    @Test
    void mostSimilarFindsARepeatedPostAmongOtherKinds() {
        AgentryStore s = store();
        s.remember(item(Kind.MESSAGE, "c1", "GM frens! The bonding curve for $AGT is live", Instant.now()));
        assertThat(s.mostSimilar(agent, "gm frens the bonding curve for agt is live", Set.of(Kind.POST), Instant.EPOCH))
                .as("a message is not a post").isEmpty();
        MemoryItem post = item(Kind.POST, null, "GM frens! The bonding curve for $AGT is live", Instant.now());
        s.remember(post);
        assertThat(s.mostSimilar(agent, "gm frens the bonding curve for agt is live", Set.of(Kind.POST), Instant.EPOCH).orElseThrow().item())
                .isEqualTo(post);
        assertThat(s.mostSimilar(agent, "gm frens", Set.of(Kind.POST), Instant.MIN)).as("an unbounded window").isPresent();
        assertThat(s.mostSimilar(agent, "gm frens", Set.of(Kind.POST), Instant.now().plusSeconds(60))).as("a window in the future").isEmpty();
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
        restart();
        assertThat(store().chatMemoryStore(agent).getMessages("chat-1")).isEqualTo(messages);
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
        restart();
        assertThat(store().ingest(agent, docs, IngestListener.none())).isEqualTo(new IngestListener.Report(2, 2, 0));
        Files.writeString(docs.resolve("faq.txt"), "Changed answer.");
        assertThat(store().ingest(agent, docs, IngestListener.none())).isEqualTo(new IngestListener.Report(2, 1, 1));
        assertThat(store().recall(new RecallQuery(agent, "allowlist owner unknown addresses", 50, Set.of(Kind.KNOWLEDGE), Optional.empty(), 0)))
                .noneMatch(m -> m.text().contains("allowlist"));
    }
}
