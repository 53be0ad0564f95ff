package dev.agentry.memory.bench;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.InProcessModels;
import dev.agentry.memory.RecallWeights;
import dev.agentry.memory.ScoredMemory;
import dev.agentry.memory.TimeRange;
import dev.agentry.memory.internal.Embedder;
import dev.agentry.memory.internal.JdbcMemory;
import dev.agentry.memory.internal.JdbcStore;
import dev.agentry.memory.internal.VectorIndex;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;

/**
 * Memory benchmark (a program, not a test). Prints, for 10k and 100k memories of one agent in the
 * embedded SQLite store: hybrid recall latency p50/p99 without and with the query embedding,
 * vector-only recall and an exact float32 scan for comparison; heap of the vectors per 100k
 * memories (estimated from the arrays and measured as the heap growth when reopening the store);
 * recall@10 of the in-heap int8 search + float32 rescoring against an exact float32 search
 * (cosine, and the default blended score); ingest rate through the background writer. Every
 * load-dependent figure is the median of {@code runs} runs (default 5) with min-max, and the load
 * average is printed before and after.
 *
 * <p>Texts are generated from templates; 20,000 are embedded with the real all-MiniLM-L6-v2 (cached in
 * {@code target/bench-minilm-20000.bin} so reruns are fast) and the rest of the 100k are small random
 * perturbations of those vectors (Gaussian noise, renormalised) with their own texts.
 *
 * <p>Run: {@code mvn -q -pl agent-memory -am -Pmemory-bench test-compile [-Dbench.runs=5]}
 */
public final class MemoryBenchmark {
    private static final int REAL = 20_000;
    private static final int TOTAL = 100_000;
    private static final int QUERIES = 300;

    private MemoryBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the folder for the cache and database (default {@code target}), then the number of runs
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Files.createDirectories(dir);
        String loadBefore = BenchCorpus.loadAverage();
        EmbeddingModel minilm = InProcessModels.miniLm();
        BenchCorpus corpus = BenchCorpus.load(dir, minilm, REAL, TOTAL, QUERIES * (2 * runs + 1));
        Path db = dir.resolve("bench-store.db");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        EmbeddingModel model = new Precomputed(corpus.vectorsByText(), minilm);
        Figures f = new Figures();
        try (AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(model, "all-minilm-l6-v2").build()) {
            JdbcMemory s = ((JdbcStore) store).memoryStore();
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            ingest(store, "a10k", corpus, 10_000, now);
            f.ingestRate = 10_000 / ((System.nanoTime() - t0) / 1e9);
            ingest(store, "a100k", corpus, TOTAL, now);
            float[][] qv = new float[QUERIES][];
            for (int i = 0; i < QUERIES; i++) {
                qv[i] = s.embedder().embed(corpus.query(i));
            }
            for (int run = 0; run < runs; run++) {
                for (int n : new int[] {10_000, TOTAL}) {
                    f.latencies(n, run, s, store, corpus, qv, runs);
                }
            }
            f.recall10 = recallAt10(s, corpus, qv, RecallWeights.relevanceOnly());
            f.recall10Blend = recallAt10(s, corpus, qv, RecallWeights.defaults());
            f.indexBytes = s.recallEngine().index().orElseThrow().bytes("a100k");
        }
        for (int run = 0; run < runs; run++) {
            long open = reopen(db, model, f);
            // the heap the open store held: used with it open, less used once it is closed (and no frame refers to it)
            f.heapGrowth.add((double) (open - BenchCorpus.usedHeap()));
        }
        f.print(runs, loadBefore, BenchCorpus.loadAverage());
    }

    /** Opens the store (timed), returns the used heap while it is open, and closes it. */
    private static long reopen(Path db, EmbeddingModel model, Figures f) {
        long t1 = System.nanoTime();
        try (AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(model, "all-minilm-l6-v2").build()) {
            f.reopenMs.add((System.nanoTime() - t1) / 1e6);
            store.count("a100k");
            return BenchCorpus.usedHeap();
        }
    }

    /** Recall@10 of the store's recall (vector only: int8 in heap, float32 rescoring) against an exact float32 search over all 100k. */
    private static double recallAt10(JdbcMemory s, BenchCorpus corpus, float[][] qv, RecallWeights w) {
        int found = 0;
        long now = dev.agentry.memory.internal.Times.toNanos(Instant.now());
        double k = -Math.log(w.decayPerHour()) / 3_600e9;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = qv[q];
            float[] exact = new float[TOTAL];
            for (int i = 0; i < TOTAL; i++) {
                exact[i] = (float) (w.relevance() * Embedder.dot(corpus.vector(i), query)
                        + w.recency() * Math.exp(-k * Math.max(0, now - corpus.createdNanos(i))) + w.importance() * corpus.importance(i));
            }
            Set<Integer> top = new HashSet<>();
            for (int i : BenchCorpus.topIndices(exact, 10)) {
                top.add(i);
            }
            List<ScoredMemory> got = s.recallEngine().searchVector(RecallQuery.of("a100k", corpus.query(q), 10), TimeRange.all(), query, w, false);
            for (ScoredMemory m : got) {
                if (top.contains(Integer.parseInt(m.item().id().substring("a100k-".length())))) {
                    found++;
                }
            }
        }
        return found / (10.0 * QUERIES);
    }

    private static void ingest(AgentryStore store, String agent, BenchCorpus corpus, int n, Instant now) {
        List<MemoryItem> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new MemoryItem(agent + "-" + i, agent, i % 5 == 0 ? MemoryItem.Kind.FACT : MemoryItem.Kind.MESSAGE,
                    i % 5 == 0 ? Optional.empty() : Optional.of("conv-" + (i % 50)), "user" + (i % 97), corpus.text(i), corpus.importance(i),
                    dev.agentry.memory.internal.Times.fromNanos(corpus.createdNanos(i)), Map.of()));
            if (batch.size() == 500) {
                store.rememberAll(batch);
                batch.clear();
            }
        }
        store.rememberAll(batch);
        store.flush();
    }

    /** The figures, with the per-run values of those that depend on load. */
    private static final class Figures {
        final Map<String, List<Double>> latency = new HashMap<>();
        final List<Double> reopenMs = new ArrayList<>();
        final List<Double> heapGrowth = new ArrayList<>();
        double ingestRate;
        double recall10;
        double recall10Blend;
        long indexBytes;

        void latencies(int n, int run, JdbcMemory s, AgentryStore store, BenchCorpus corpus, float[][] qv, int runs) {
            String agent = n == TOTAL ? "a100k" : "a10k";
            for (boolean hybrid : new boolean[] {true, false}) {
                double[] t = new double[QUERIES];
                for (int round = 0; round < 2; round++) { // a warm-up round, the second measured
                    for (int i = 0; i < QUERIES; i++) {
                        long a = System.nanoTime();
                        s.recallEngine().searchVector(RecallQuery.of(agent, corpus.query(i), 10), TimeRange.all(), qv[i], RecallWeights.defaults(),
                                hybrid);
                        t[i] = (System.nanoTime() - a) / 1e6;
                    }
                }
                add(n, hybrid ? "hybrid" : "vector", t);
            }
            double[] incl = new double[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                // texts never embedded before (a different set per agent and run): the embedding is really computed
                String q = corpus.query(QUERIES + (run * 2 + (n == TOTAL ? 1 : 0)) * QUERIES + i);
                long a = System.nanoTime();
                store.recall(RecallQuery.of(agent, q, 10));
                incl[i] = (System.nanoTime() - a) / 1e6;
            }
            add(n, "incl", incl);
            double[] naive = new double[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                long a = System.nanoTime();
                corpus.exactTop(n, qv[i], 10);
                naive[i] = (System.nanoTime() - a) / 1e6;
            }
            add(n, "naive", naive);
        }

        private void add(int n, String what, double[] ms) {
            double[] sorted = ms.clone();
            java.util.Arrays.sort(sorted);
            latency.computeIfAbsent(n + what + "50", k -> new ArrayList<>()).add(BenchCorpus.percentile(sorted, 50));
            latency.computeIfAbsent(n + what + "99", k -> new ArrayList<>()).add(BenchCorpus.percentile(sorted, 99));
        }

        void print(int runs, String loadBefore, String loadAfter) {
            System.out.println();
            System.out.println("Agentry memory benchmark  (" + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version()
                    + ", Vector API " + (VectorIndex.simd() ? "on" : "off") + ", 384-d all-MiniLM-L6-v2; " + runs + " runs: median (min-max))");
            System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter);
            System.out.println("| memories (one agent) | hybrid recall p50 excl. embed | p99 | p50 incl. embed | p99 | vector-only p50 | p99"
                    + " | exact float32 scan p50 | p99 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int n : new int[] {10_000, TOTAL}) {
                StringBuilder row = new StringBuilder("| " + n / 1000 + "k");
                for (String what : new String[] {"hybrid", "incl", "vector", "naive"}) {
                    for (String p : new String[] {"50", "99"}) {
                        row.append(" | ").append(BenchCorpus.medianRange(latency.get(n + what + p), "%.2f")).append(" ms");
                    }
                }
                System.out.println(row.append(" |"));
            }
            System.out.printf("%nrecall@10, int8 in heap + float32 rescoring vs exact float32 cosine (100k, 300 queries): %.3f%n", recall10);
            System.out.printf("recall@10 with the default blended score vs the exact blended score over all rows (100k): %.3f%n", recall10Blend);
            System.out.printf("heap of the vector index per 100k memories (from its array sizes): %.1f MB%n", indexBytes / 1e6);
            System.out.println("heap held by the open store (110k memories: 100k + 10k; used heap open less closed), per 100k: "
                    + BenchCorpus.medianRange(heapGrowth.stream().map(b -> b / 1e6 * 100_000 / 110_000).toList(), "%.1f") + " MB");
            System.out.println("reopening the 110k-memory store (schema check + loading all vectors): " + BenchCorpus.medianRange(reopenMs, "%.0f")
                    + " ms");
            System.out.printf("ingest through the background writer (precomputed vectors, rememberAll of 500, flush at the end; one run): %.0f memories/s%n",
                    ingestRate);
            result();
        }

        /** The figures again as one {@code RESULT key=value ...} line (medians over this process's runs) for scripts/benchmarks. */
        private void result() {
            StringBuilder line = new StringBuilder("RESULT");
            for (int n : new int[] {10_000, TOTAL}) {
                for (String what : new String[] {"hybrid", "incl", "vector", "naive"}) {
                    for (String p : new String[] {"50", "99"}) {
                        line.append(String.format(java.util.Locale.ROOT, " recall_%dk_%s_p%s_ms=%.2f", n / 1000, what, p, BenchCorpus.median(latency.get(n + what + p))));
                    }
                }
            }
            line.append(String.format(java.util.Locale.ROOT, " recall_at_10=%.3f recall_at_10_blended=%.3f index_mb_per_100k=%.1f"
                    + " heap_mb_per_100k=%.1f reopen_110k_ms=%.0f ingest_per_s=%.0f", recall10, recall10Blend, indexBytes / 1e6,
                    BenchCorpus.median(heapGrowth.stream().map(b -> b / 1e6 * 100_000 / 110_000).toList()), BenchCorpus.median(reopenMs), ingestRate));
            System.out.println(line);
        }

    }

    /** Looks texts up in precomputed vectors; unknown texts (queries) go to the real model. */
    private record Precomputed(Map<String, float[]> known, EmbeddingModel real) implements EmbeddingModel {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> out = new ArrayList<>();
            List<TextSegment> unknown = new ArrayList<>();
            for (TextSegment s : segments) {
                if (!known.containsKey(s.text())) {
                    unknown.add(s);
                }
            }
            List<Embedding> computed = unknown.isEmpty() ? List.of() : real.embedAll(unknown).content();
            int next = 0;
            for (TextSegment s : segments) {
                float[] v = known.get(s.text());
                out.add(v != null ? Embedding.from(v) : computed.get(next++));
            }
            return Response.from(out);
        }

        @Override
        public int dimension() {
            return 384;
        }
    }
}
