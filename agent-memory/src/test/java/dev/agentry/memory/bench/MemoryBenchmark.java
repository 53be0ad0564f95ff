package dev.agentry.memory.bench;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.RecallWeights;
import dev.agentry.memory.TimeRange;
import dev.agentry.memory.internal.Embedder;
import dev.agentry.memory.internal.JdbcMemory;
import dev.agentry.memory.internal.JdbcStore;
import dev.agentry.memory.internal.VectorIndex;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Memory benchmark (a program, not a test). Prints recall latency p50/p99 with and without the
 * query embedding at 10k and 100k memories of one agent in the embedded SQLite store, ingest rate,
 * heap per 100k memories and recall@10 of the int8 scan against an exact float32 scan.
 *
 * <p>Texts are generated from templates; 20,000 are embedded with the real all-MiniLM-L6-v2 (cached in
 * {@code target/bench-minilm-20000.bin} so reruns are fast) and the rest of the 100k are small random
 * perturbations of those vectors (Gaussian noise, renormalised) with their own texts.
 *
 * <p>Run: {@code mvn -q -pl agent-memory -am -Pmemory-bench test-compile}
 */
public final class MemoryBenchmark {
    private static final int REAL = 20_000;
    private static final int QUERIES = 300;

    private MemoryBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the folder for the cache and database (default {@code target})
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        Files.createDirectories(dir);
        EmbeddingModel minilm = new AllMiniLmL6V2EmbeddingModel();
        List<String> texts = texts(REAL + QUERIES * 3, 1);
        List<String> corpus = texts.subList(0, REAL);
        Path cache = dir.resolve("bench-minilm-" + REAL + ".bin");
        float[][] real;
        double embedRate = Double.NaN;
        if (Files.exists(cache)) {
            real = read(cache);
        } else {
            long t0 = System.nanoTime();
            real = new float[REAL][];
            for (int i = 0; i < REAL; i += 256) {
                List<TextSegment> batch = corpus.subList(i, Math.min(REAL, i + 256)).stream().map(TextSegment::from).toList();
                List<Embedding> e = minilm.embedAll(batch).content();
                for (int j = 0; j < e.size(); j++) {
                    real[i + j] = Embedder.normalize(e.get(j).vector());
                }
            }
            embedRate = REAL / ((System.nanoTime() - t0) / 1e9);
            write(cache, real);
        }
        // 100k texts/vectors: 20k real + 80k perturbed
        Random rnd = new Random(42);
        int total = 100_000;
        List<String> allTexts = new ArrayList<>(total);
        float[][] all = new float[total][];
        for (int i = 0; i < total; i++) {
            int src = i % REAL;
            if (i < REAL) {
                allTexts.add(corpus.get(i));
                all[i] = real[i];
            } else {
                allTexts.add(corpus.get(src) + " (variant " + (i / REAL) + ")");
                float[] v = real[src].clone();
                for (int d = 0; d < v.length; d++) {
                    v[d] += (float) (rnd.nextGaussian() * 0.03);
                }
                all[i] = Embedder.normalize(v);
            }
        }
        Map<String, float[]> known = new HashMap<>();
        for (int i = 0; i < total; i++) {
            known.put(allTexts.get(i), all[i]);
        }
        EmbeddingModel model = new Precomputed(known, minilm);
        Path db = dir.resolve("bench-store.db");
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.deleteIfExists(Path.of(db + "-shm"));

        List<String> queryTexts = texts.subList(REAL, REAL + QUERIES * 3);
        List<String[]> rows = new ArrayList<>();
        double ingestRate = 0;
        long heap100k = 0;
        double recall10 = 0;
        double recall10Blend = 0;
        try (AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(model, "all-minilm-l6-v2").build()) {
            JdbcMemory s = ((JdbcStore) store).memoryStore();
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            ingest(store, "a10k", allTexts.subList(0, 10_000), now, rnd);
            ingestRate = 10_000 / ((System.nanoTime() - t0) / 1e9);
            ingest(store, "a100k", allTexts, now, rnd);
            for (String agent : List.of("a10k", "a100k")) {
                int n = agent.equals("a10k") ? 10_000 : 100_000;
                float[][] qv = new float[QUERIES][];
                for (int i = 0; i < QUERIES; i++) {
                    qv[i] = s.embedder().embed(queryTexts.get(i));
                }
                long[] excl = new long[QUERIES];
                for (int round = 0; round < 3; round++) { // warm-up rounds, last one measured
                    for (int i = 0; i < QUERIES; i++) {
                        long a = System.nanoTime();
                        s.recallEngine().searchVector(RecallQuery.of(agent, queryTexts.get(i), 10), TimeRange.all(), qv[i], RecallWeights.defaults());
                        excl[i] = System.nanoTime() - a;
                    }
                }
                long[] incl = new long[QUERIES];
                for (int i = 0; i < QUERIES; i++) {
                    // texts never embedded before (a different set per agent): the embedding is really computed
                    String q = queryTexts.get((n == 10_000 ? QUERIES : 2 * QUERIES) + i);
                    long a = System.nanoTime();
                    store.recall(RecallQuery.of(agent, q, 10));
                    incl[i] = System.nanoTime() - a;
                }
                long[] naive = new long[QUERIES];
                float[][] slice = Arrays.copyOfRange(all, 0, n);
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < QUERIES; i++) {
                        long a = System.nanoTime();
                        exactTop(slice, qv[i], 10);
                        naive[i] = System.nanoTime() - a;
                    }
                }
                rows.add(new String[] {agent.substring(1), ms(excl, 50), ms(excl, 99), ms(incl, 50), ms(incl, 99), ms(naive, 50), ms(naive, 99)});
                if (n == 100_000) {
                    VectorIndex index = s.recallEngine().index().orElseThrow();
                    heap100k = index.bytes(agent);
                    int found = 0;
                    int foundBlend = 0;
                    for (int i = 0; i < QUERIES; i++) {
                        Set<Integer> exact = new HashSet<>();
                        for (int e : exactTop(all, qv[i], 10)) {
                            exact.add(e);
                        }
                        var search = new VectorIndex.Search(qv[i], -1, null, Long.MIN_VALUE, Long.MAX_VALUE, 1, 0, 0, 0.995, 0, 10);
                        for (VectorIndex.Hit h : index.search(agent, search)) {
                            if (exact.contains(Integer.parseInt(h.id().substring(h.id().indexOf('-') + 1)))) {
                                found++;
                            }
                        }
                        RecallWeights w = RecallWeights.defaults();
                        var blend = new VectorIndex.Search(qv[i], -1, null, Long.MIN_VALUE, Long.MAX_VALUE, w.relevance(), w.recency(), w.importance(),
                                w.decayPerHour(), dev.agentry.memory.internal.Times.toNanos(Instant.now()), 10);
                        Set<String> exactBlend = new HashSet<>();
                        index.searchExact(agent, blend).forEach(h -> exactBlend.add(h.id()));
                        for (VectorIndex.Hit h : index.search(agent, blend)) {
                            if (exactBlend.contains(h.id())) {
                                foundBlend++;
                            }
                        }
                    }
                    recall10 = found / (10.0 * QUERIES);
                    recall10Blend = foundBlend / (10.0 * QUERIES);
                }
            }
        }
        long usedBefore = used();
        long openMs;
        long heapMeasured;
        long t1 = System.nanoTime();
        try (AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(model, "all-minilm-l6-v2").build()) {
            openMs = (System.nanoTime() - t1) / 1_000_000;
            heapMeasured = used() - usedBefore;
            store.count("a100k");
        }

        System.out.println();
        System.out.println("Agentry memory benchmark  (" + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version()
                + ", Vector API " + (VectorIndex.simd() ? "on" : "off") + ", 384-d all-MiniLM-L6-v2)");
        System.out.println("| memories (one agent) | recall p50 excl. embed | p99 excl. embed | p50 incl. embed | p99 incl. embed | naive float[] scan p50 | p99 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.printf("%nrecall@10 of the int8 scan + float16 rescoring vs exact float32 cosine (100k): %.3f%n", recall10);
        System.out.printf("recall@10 with the default blended score vs exact blended score over all rows (100k): %.3f%n", recall10Blend);
        System.out.printf("ingest into SQLite (precomputed vectors, batches of 500, fsync per batch): %.0f memories/s%n", ingestRate);
        if (!Double.isNaN(embedRate)) {
            System.out.printf("MiniLM embedding rate (batches of 256): %.0f texts/s%n", embedRate);
        } else {
            System.out.println("MiniLM embedding rate: not measured (vectors read from the cache " + cache + ")");
        }
        System.out.printf("heap of the vector index per 100k memories: %.1f MB (estimate from array sizes); measured heap growth when"
                + " reopening the 110k-memory store: %.1f MB%n", heap100k / 1e6, heapMeasured / 1e6);
        System.out.println("reopening the 110k-memory store (schema check + loading all vectors): " + openMs + " ms");
    }

    private static void ingest(AgentryStore store, String agent, List<String> texts, Instant now, Random rnd) {
        List<MemoryItem> batch = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            batch.add(new MemoryItem(agent + "-" + i, agent, i % 5 == 0 ? MemoryItem.Kind.FACT : MemoryItem.Kind.MESSAGE,
                    i % 5 == 0 ? Optional.empty() : Optional.of("conv-" + (i % 50)), "user" + (i % 97), texts.get(i), rnd.nextDouble(),
                    now.minus(Duration.ofMinutes(rnd.nextInt(90 * 24 * 60))), Map.of()));
            if (batch.size() == 500) {
                store.rememberAll(batch);
                batch.clear();
            }
        }
        store.rememberAll(batch);
    }

    private static int[] exactTop(float[][] vs, float[] q, int k) {
        float[] best = new float[k];
        int[] idx = new int[k];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < vs.length; i++) {
            float[] v = vs[i];
            float d = 0;
            for (int j = 0; j < v.length; j++) {
                d += v[j] * q[j];
            }
            if (d > best[k - 1]) {
                int p = k - 1;
                while (p > 0 && best[p - 1] < d) {
                    best[p] = best[p - 1];
                    idx[p] = idx[p - 1];
                    p--;
                }
                best[p] = d;
                idx[p] = i;
            }
        }
        return idx;
    }

    private static String ms(long[] nanos, int pct) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("%.2f ms", s[Math.min(s.length - 1, (int) Math.ceil(pct / 100.0 * s.length) - 1)] / 1e6);
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static List<String> texts(int n, long seed) {
        String[] who = {"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Hector", "Ivy", "Jack", "Kim", "Leo", "Mia", "Noah",
            "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tina", "the dev team", "a new holder", "the moderator", "my neighbour", "our CFO"};
        String[] what = {"bought a used car", "is learning Japanese", "lost money on a memecoin", "opened a coffee shop", "adopted a puppy",
            "ran a half marathon", "moved to Berlin", "started a podcast about DeFi", "is allergic to shellfish", "got promoted to manager",
            "built a gaming PC", "planted tomatoes", "is afraid of spiders", "sold an NFT for 2 ETH", "joined a chess club", "fixed the bridge bug",
            "wrote a novel", "broke a leg skiing", "voted against the proposal", "staked 500 tokens", "hates pineapple pizza",
            "watches horror movies", "plays bass guitar", "forgot the wallet password", "launched a token on Base"};
        String[] when = {"yesterday", "last week", "in 2023", "this morning", "two months ago", "on Friday", "during the bear market",
            "after the hackathon", "before the holidays", "at the conference", "recently", "last summer"};
        String[] extra = {"", "and was very happy about it", "which surprised everyone", "according to the Discord", "and posted about it",
            "but regrets it", "with a friend", "for the first time", "again", "and asked the agent for advice"};
        Random r = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            String t = who[r.nextInt(who.length)] + " " + what[r.nextInt(what.length)] + " " + when[r.nextInt(when.length)] + " "
                    + extra[r.nextInt(extra.length)] + (r.nextInt(3) == 0 ? " #" + r.nextInt(10_000) : "");
            if (seen.add(t.trim())) {
                out.add(t.trim());
            }
        }
        return out;
    }

    private static void write(Path file, float[][] vs) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(vs.length);
            out.writeInt(vs[0].length);
            for (float[] v : vs) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
    }

    private static float[][] read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            float[][] vs = new float[in.readInt()][];
            int d = in.readInt();
            for (int i = 0; i < vs.length; i++) {
                vs[i] = new float[d];
                for (int j = 0; j < d; j++) {
                    vs[i][j] = in.readFloat();
                }
            }
            return vs;
        }
    }

    /** Looks texts up in precomputed vectors; unknown texts (queries) go to the real model. */
    private record Precomputed(Map<String, float[]> known, EmbeddingModel real) implements EmbeddingModel {
        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            List<Embedding> out = new ArrayList<>();
            for (TextSegment s : segments) {
                float[] v = known.get(s.text());
                out.add(v != null ? Embedding.from(v) : real.embed(s.text()).content());
            }
            return Response.from(out);
        }

        @Override
        public int dimension() {
            return 384;
        }
    }
}
