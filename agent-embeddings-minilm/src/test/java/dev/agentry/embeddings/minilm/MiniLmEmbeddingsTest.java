package dev.agentry.embeddings.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With this artifact on the class path, a store given no model uses the in-process all-MiniLM-L6-v2. */
class MiniLmEmbeddingsTest {
    @TempDir
    Path tmp;

    @Test
    void aStoreGivenNoModelUsesMiniLmAndRecallsByMeaning() throws Exception {
        Path db = tmp.resolve("agent.db");
        try (AgentryStore store = AgentryStore.sqlite(db)) {
            store.rememberAll(List.of(
                    MemoryItem.of("bot", MemoryItem.Kind.FACT, "alice", "Alice is allergic to peanuts and carries an EpiPen.", 0.5),
                    MemoryItem.of("bot", MemoryItem.Kind.FACT, "bob", "Bob plays the cello in a community orchestra.", 0.5),
                    MemoryItem.of("bot", MemoryItem.Kind.FACT, "carol", "Carol moved to Lisbon last spring.", 0.5)));
            assertThat(store.recall(RecallQuery.of("bot", "which snack could make her sick?", 1))).extracting(MemoryItem::text)
                    .containsExactly("Alice is allergic to peanuts and carries an EpiPen.");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT value FROM store_meta WHERE key = 'embedding.model'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the name stores used before this artifact existed").isEqualTo(MiniLmEmbeddings.NAME);
        }
    }

    @Test
    void theModelAnswersItsDimensionAtOnceAndConcurrentFirstCallsShareTheLoad() throws Exception {
        EmbeddingModel model = new MiniLmEmbeddings().create();
        assertThat(model.dimension()).isEqualTo(384);
        var pool = Executors.newFixedThreadPool(4);
        try {
            Callable<float[]> call = () -> model.embed("hello there").content().vector();
            var results = pool.invokeAll(List.of(call, call, call, call));
            float[] first = results.get(0).get();
            assertThat(first).hasSize(384);
            for (var r : results) {
                assertThat(r.get()).containsExactly(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void itsVectorsAreThoseOfLangChain4jsOwnBuildOfTheModel() {
        String text = "is the bonding curve live?";
        float[] reference = new AllMiniLmL6V2EmbeddingModel().embed(text).content().vector();
        assertThat(new MiniLmEmbeddings().create().embed(text).content().vector()).containsExactly(reference, offset(1e-4f));
    }
}
