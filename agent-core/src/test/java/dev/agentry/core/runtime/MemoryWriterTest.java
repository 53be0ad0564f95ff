package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.internal.MemoryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Memory writes behind the turns: in order, batched, visible to readers that come after, failures dropped without stopping the writer. */
class MemoryWriterTest {

    /** A memory whose writes wait for a gate and can be made to fail. */
    static final class GatedMemory implements Memory {
        final InMemoryMemory inner = new InMemoryMemory();
        final CountDownLatch gate = new CountDownLatch(1);
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        volatile String failOn = "";

        @Override
        public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
            return inner.recent(agentId, conversation, tokenBudget);
        }

        @Override
        public List<MemoryItem> recall(RecallQuery query) {
            return inner.recall(query);
        }

        @Override
        public void remember(MemoryItem item) {
            rememberAll(List.of(item));
        }

        @Override
        public void rememberAll(List<MemoryItem> items) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (items.stream().anyMatch(i -> i.text().equals(failOn))) {
                throw new IllegalStateException("disk full");
            }
            batchSizes.add(items.size());
            items.forEach(inner::remember);
        }
    }

    private static MemoryItem message(String text) {
        return MemoryItem.message("a1", "c1", "alice", text);
    }

    @Test
    void writesReturnAtOnceLandInOrderAndReadersAfterThemSeeThem() throws Exception {
        GatedMemory memory = new GatedMemory();
        MemoryWriter writer = MemoryWriter.behind();
        for (int i = 0; i < 5; i++) {
            writer.write(memory, List.of(message("m" + i), message("m" + i + "-reply")));
        }
        assertThat(writer.idle()).isFalse();
        assertThat(memory.inner.recent("a1", "c1", 10_000)).as("nothing written while the store is blocked").isEmpty();

        CompletableFuture<List<MemoryItem>> read = CompletableFuture.supplyAsync(() -> writer.readingAfterWrites(memory).recent("a1", "c1", 10_000));
        Thread.sleep(100);
        assertThat(read).as("a reader waits for the queued writes").isNotDone();
        memory.gate.countDown();

        List<String> texts = new ArrayList<>();
        read.get(10, TimeUnit.SECONDS).forEach(m -> texts.add(m.text()));
        assertThat(texts).containsExactly("m0", "m0-reply", "m1", "m1-reply", "m2", "m2-reply", "m3", "m3-reply", "m4", "m4-reply");
        assertThat(memory.batchSizes).as("queued writes go to the store together").hasSizeLessThan(5);
        assertThat(writer.idle()).isTrue();
        writer.close();
    }

    @Test
    void aFailedWriteIsDroppedAndLaterWritesStillLand() {
        GatedMemory memory = new GatedMemory();
        memory.gate.countDown();
        memory.failOn = "poison";
        MemoryWriter writer = MemoryWriter.behind();

        writer.write(memory, List.of(message("poison")));
        writer.awaitWritten();
        writer.write(memory, List.of(message("fine")));
        writer.awaitWritten();

        assertThat(memory.inner.recent("a1", "c1", 10_000)).extracting(MemoryItem::text).containsExactly("fine");
        writer.close();
    }

    @Test
    void closeWritesEverythingQueuedAndLaterWritesHappenOnTheCaller() {
        GatedMemory memory = new GatedMemory();
        MemoryWriter writer = MemoryWriter.behind();
        writer.write(memory, List.of(message("queued")));
        memory.gate.countDown();

        writer.close();
        assertThat(memory.inner.recent("a1", "c1", 10_000)).extracting(MemoryItem::text).containsExactly("queued");
        writer.write(memory, List.of(message("after close")));
        assertThat(memory.inner.recent("a1", "c1", 10_000)).extracting(MemoryItem::text).containsExactly("queued", "after close");
    }
}
