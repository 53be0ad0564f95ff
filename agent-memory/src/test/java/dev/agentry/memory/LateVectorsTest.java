package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.testkit.contract.JournalContractTest;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completing an event waits until the memories its turn stored are durable as text, not until a
 * slow embedding model has embedded them: their vectors follow, and reads wait for those.
 */
class LateVectorsTest {
    @TempDir
    Path tmp;

    /** A slow model (a neural one, say) that holds every call until released. */
    static final class HeldModel implements EmbeddingModel {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger embedded = new AtomicInteger();
        final HashEmbeddingModel hashing = new HashEmbeddingModel(32);

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            embedded.addAndGet(segments.size());
            return hashing.embedAll(segments);
        }

        @Override
        public int dimension() {
            return 32;
        }
    }

    private static int withoutVector(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM memories WHERE embedding IS NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void anEventCompletesWhileItsMemoriesAreStillBeingEmbedded() throws Exception {
        Path db = tmp.resolve("late.db");
        HeldModel model = new HeldModel();
        try (AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(model, "held-32").build()) {
            assertThat(store.accept("a", JournalContractTest.event("e1"))).isTrue();
            store.remember(MemoryItem.of("a", MemoryItem.Kind.FACT, "e1", "ines keeps bees on her roof", 0.5));

            CompletableFuture<Void> completing = CompletableFuture.runAsync(() -> store.complete("a", "e1"));

            completing.get(10, TimeUnit.SECONDS); // with the model still held: the completion did not wait for the vector
            assertThat(model.embedded).hasValue(0);
            assertThat(store.pending("a")).as("completed").isEmpty();
            assertThat(withoutVector(db)).as("the memory is committed, its vector not yet").isEqualTo(1);

            model.release.countDown();
            assertThat(store.recall(RecallQuery.of("a", "who keeps bees?", 1))).as("a read waits for the vector")
                    .extracting(MemoryItem::text).containsExactly("ines keeps bees on her roof");
            assertThat(model.embedded.get()).isGreaterThanOrEqualTo(1);
            assertThat(withoutVector(db)).isZero();
        }
    }
}
