package dev.agentry.memory;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchRecallTest {
    @TempDir Path tmp;

    @Test
    void baseline() {
        for (int noiseN : new int[] {320, 2000}) {
        try (AgentryStore store = AgentryStore.builder().sqlite(tmp.resolve("r" + noiseN + ".db")).embeddingModel(new AllMiniLmL6V2EmbeddingModel(), "all-minilm-l6-v2").build()) {
            Instant now = Instant.now();
            Random r = new Random(11);
            List<MemoryItem> items = new ArrayList<>();
            String[][] set = RecallSetTest.SET;
            for (int i = 0; i < set.length; i++) {
                items.add(new MemoryItem("fact-" + i, "bot", MemoryItem.Kind.FACT, Optional.empty(), "reflection", set[i][0], 0.5, now.minusSeconds(r.nextInt(30 * 24 * 3600)), Map.of()));
            }
            List<String> noise = RecallSetTest.noise(noiseN);
            for (int i = 0; i < noise.size(); i++) {
                items.add(new MemoryItem("noise-" + i, "bot", MemoryItem.Kind.MESSAGE, Optional.of("feed"), "someone", noise.get(i), 0.3, now.minusSeconds(r.nextInt(3 * 24 * 3600)), Map.of()));
            }
            store.rememberAll(items);
            int hits = 0;
            List<String> misses = new ArrayList<>();
            for (int i = 0; i < set.length; i++) {
                List<String> top = store.recall(RecallQuery.of("bot", set[i][1], 5)).stream().map(MemoryItem::id).toList();
                if (top.contains("fact-" + i)) hits++; else misses.add(set[i][1] + " -> " + top);
            }
            System.out.printf("SCRATCH noise=%d: %d/%d; misses: %s%n", noiseN, hits, set.length, misses);
        }
        }
    }
}
