package dev.agentry.embeddings.minilmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantized model recalls by meaning when chosen; with both in-process models on the class path
 * (this test's class path has agent-embeddings-minilm too), a store given no model refuses to guess.
 */
class QuantizedMiniLmEmbeddingsTest {
    @TempDir
    Path tmp;

    @Test
    void withBothModelsOnTheClassPathAStoreMustBeToldWhichOne() {
        Path db = tmp.resolve("both.db");
        assertThatThrownBy(() -> AgentryStore.sqlite(db)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("several embedding models").hasMessageContaining(QuantizedMiniLmEmbeddings.NAME)
                .hasMessageContaining("all-minilm-l6-v2 from").hasMessageContaining("embeddingModel(model, name)");
        assertThat(db).doesNotExist();
    }

    @Test
    void theQuantizedModelRecallsByMeaning() {
        try (AgentryStore store = AgentryStore.builder().sqlite(tmp.resolve("q.db"))
                .embeddingModel(QuantizedMiniLmEmbeddings.model(), QuantizedMiniLmEmbeddings.NAME).build()) {
            store.rememberAll(List.of(
                    MemoryItem.of("bot", MemoryItem.Kind.FACT, "alice", "Alice is allergic to peanuts and carries an EpiPen.", 0.5),
                    MemoryItem.of("bot", MemoryItem.Kind.FACT, "bob", "Bob plays the cello in a community orchestra.", 0.5),
                    MemoryItem.of("bot", MemoryItem.Kind.FACT, "carol", "Carol moved to Lisbon last spring.", 0.5)));
            assertThat(store.recall(RecallQuery.of("bot", "which instrument is played in the orchestra?", 1))).extracting(MemoryItem::text)
                    .containsExactly("Bob plays the cello in a community orchestra.");
        }
    }

    @Test
    void itsVectorsAreThoseOfLangChain4jsOwnBuildOfTheModel() {
        String text = "is the bonding curve live?";
        float[] reference = new AllMiniLmL6V2QuantizedEmbeddingModel().embed(text).content().vector();
        assertThat(new QuantizedMiniLmEmbeddings().create().embed(text).content().vector()).containsExactly(reference, offset(1e-4f));
    }
}
