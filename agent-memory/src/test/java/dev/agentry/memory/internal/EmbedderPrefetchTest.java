package dev.agentry.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A prefetched text is embedded once, in the background, and the recall's embed waits for it. */
class EmbedderPrefetchTest {

    /**
     * A model slow enough (2 ms a text) to be run on the batcher's thread, and held until
     * {@link #release} counts down (at once by default); records every text it embeds.
     */
    static final class SlowModel implements EmbeddingModel {
        final List<String> embedded = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch release;

        SlowModel() {
            this(new CountDownLatch(0));
        }

        SlowModel(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            try {
                release.await();
                Thread.sleep(2L * segments.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            segments.forEach(s -> {
                embedded.add(s.text());
                threads.add(Thread.currentThread().getName());
            });
            return Response.from(segments.stream().map(s -> Embedding.from(new float[] {s.text().length(), 1, 0})).toList());
        }

        @Override
        public int dimension() {
            return 3;
        }
    }

    @Test
    void aPrefetchedTextIsEmbeddedOnceOffTheCallersThread() {
        SlowModel model = new SlowModel();
        try (Embedder embedder = new Embedder(model, "slow", 100)) {
            embedder.prefetch("what does alice like?");
            float[] v = embedder.embed("what does alice like?");
            assertThat(v).hasSize(3);
            assertThat(model.embedded).containsExactly("what does alice like?");
            assertThat(model.threads).containsExactly("agentry-embedder");
            embedder.prefetch("what does alice like?"); // cached now: nothing to do
            embedder.embed("what does alice like?");
            assertThat(model.embedded).hasSize(1);
        }
    }

    @Test
    void withoutAPrefetchEachNewTextIsEmbeddedByTheCall() {
        SlowModel model = new SlowModel();
        try (Embedder embedder = new Embedder(model, "slow", 100)) {
            embedder.embed("first");
            embedder.embed("second");
            embedder.embed("first");
            assertThat(model.embedded).containsExactly("first", "second");
        }
    }

    @Test
    void embedSoonReturnsBeforeTheModelIsDoneAndAwaitGivesTheSameVectorAsEmbed() {
        SlowModel slow = new SlowModel(new CountDownLatch(1));
        try (Embedder embedder = new Embedder(slow, "held", 100)) {
            CompletableFuture<float[]> soon = embedder.embedSoon("who is bob?");
            assertThat(soon).isNotDone();
            assertThat(slow.embedded).isEmpty();
            slow.release.countDown();
            float[] v = embedder.await("who is bob?", soon);
            assertThat(v).containsExactly(Embedder.normalize(new float[] {11, 1, 0}));
            assertThat(embedder.embedSoon("who is bob?")).isCompletedWithValue(v); // cached now
            assertThat(embedder.embed("who is bob?")).isSameAs(v);
            assertThat(slow.embedded).containsExactly("who is bob?");
        }
    }

    @Test
    void embedSoonJoinsAPrefetchInFlightInsteadOfEmbeddingAgain() {
        SlowModel model = new SlowModel();
        try (Embedder embedder = new Embedder(model, "slow", 100)) {
            embedder.prefetch("gm");
            float[] v = embedder.await("gm", embedder.embedSoon("gm"));
            assertThat(v).hasSize(3);
            assertThat(model.embedded).containsExactly("gm");
        }
    }

    @Test
    void aFailedPrefetchLeavesTheWorkToTheRecall() {
        SlowModel working = new SlowModel();
        EmbeddingModel failingOnce = new EmbeddingModel() {
            private boolean failed;

            @Override
            public synchronized Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("model busy");
                }
                return working.embedAll(segments);
            }

            @Override
            public int dimension() {
                return 3;
            }
        };
        try (Embedder embedder = new Embedder(failingOnce, "flaky", 100)) {
            embedder.prefetch("hello");
            assertThat(embedder.embed("hello")).hasSize(3);
            assertThat(working.embedded).containsExactly("hello");
            embedder.prefetch("again"); // the model works now: the positive control
            assertThat(embedder.await("again", embedder.embedSoon("again"))).hasSize(3);
            assertThat(working.embedded).containsExactly("hello", "again");
        }
    }
}
