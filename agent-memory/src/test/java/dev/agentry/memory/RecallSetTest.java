package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.memory.internal.HybridRanking;
import dev.agentry.memory.internal.JdbcStore;
import dev.agentry.memory.internal.Recall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled recall sets ({@link RecallSet}) with real all-MiniLM-L6-v2 embeddings among 2,000
 * chat lines: 36 facts asked in other words (paraphrases) and 24 facts asked by an exact word the
 * embedding does not carry well (names, tickers, codes, rare words). Each fact must be in the top 5
 * of its question. Prints the hits of each ranking (vector only, weighted blend, reciprocal-rank
 * fusion) and holds the default (fusion) to what it reaches: every fact.
 */
class RecallSetTest {
    @TempDir
    Path tmp;

    @Test
    void theRightFactIsInTheTopFiveForEveryQuestion() {
        try (AgentryStore store = AgentryStore.builder().sqlite(tmp.resolve("recall.db")).embeddingModel(InProcessModels.miniLm(),
                "all-minilm-l6-v2").build()) {
            RecallSet.store(store);
            Recall recall = ((JdbcStore) store).memoryStore().recallEngine();
            Map<HybridRanking, int[]> hits = new EnumMap<>(HybridRanking.class);
            List<String> misses = new ArrayList<>();
            for (HybridRanking ranking : HybridRanking.values()) {
                recall.ranking(ranking);
                List<String> m = ranking == HybridRanking.RRF ? misses : new ArrayList<>();
                int[] paraphrases = RecallSet.found(store, false, m);
                int[] keywords = RecallSet.found(store, true, m);
                hits.put(ranking, new int[] {paraphrases[0], keywords[0], paraphrases[1], keywords[1]});
            }
            recall.ranking(HybridRanking.RRF);
            for (var e : hits.entrySet()) {
                int[] h = e.getValue();
                System.out.printf("recall set, %s: in the top 5: paraphrases %d/%d, keywords %d/%d; first: paraphrases %d/%d, keywords %d/%d%n",
                        e.getKey(), h[0], RecallSet.SET.length, h[1], RecallSet.KEYWORDS.length, h[2], RecallSet.SET.length, h[3],
                        RecallSet.KEYWORDS.length);
            }
            System.out.println("misses with RRF (the default): " + misses);
            assertThat(hits.get(HybridRanking.VECTOR)[0] + hits.get(HybridRanking.VECTOR)[1]).as("the sets are hard for the vector alone")
                    .isLessThan(RecallSet.SET.length + RecallSet.KEYWORDS.length);
            assertThat(new int[] {hits.get(HybridRanking.RRF)[0], hits.get(HybridRanking.RRF)[1]}).as("the default ranking: misses %s", misses)
                    .containsExactly(RecallSet.SET.length, RecallSet.KEYWORDS.length);
        }
    }
}
