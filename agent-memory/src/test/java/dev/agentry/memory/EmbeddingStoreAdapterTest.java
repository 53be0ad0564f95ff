package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import org.junit.jupiter.api.Test;

/** The store contract on SQLite with long-term vectors in a LangChain4j {@link InMemoryEmbeddingStore}. */
class EmbeddingStoreAdapterTest extends AgentryStoreContractTest {
    private final InMemoryEmbeddingStore<TextSegment> vectors = new InMemoryEmbeddingStore<>();

    @Override
    protected AgentryStoreBuilder builder() {
        return AgentryStore.builder().sqlite(tmp.resolve("adapter.db")).embeddingStore(vectors);
    }

    @Test
    void vectorsGoToTheEmbeddingStore() {
        store().remember(dev.agentry.core.MemoryItem.of(agent, dev.agentry.core.MemoryItem.Kind.FACT, "x", "erin has a cat named pixel", 0.5));
        store().flush(); // remember() embeds and writes in the background
        assertThat(store().toString()).contains("InMemoryEmbeddingStore");
        assertThat(vectors.serializeToJson()).contains("erin has a cat named pixel").contains(agent);
    }
}
