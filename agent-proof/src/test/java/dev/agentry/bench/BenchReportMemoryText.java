package dev.agentry.bench;

import dev.agentry.bench.BenchReport.Runs;
import java.util.Properties;
import java.util.function.Consumer;

/** The memory rows of BENCHMARKS.md's goals table and the memory sections: words only, the figures come from the runs. */
final class BenchReportMemoryText {
    private static final String MEMORY_BENCH = "mvn -q -pl agent-memory -am -Pmemory-bench test-compile";

    private BenchReportMemoryText() {}

    /** The rows of the goals table for memory, recall and throughput with the in-process model; ends the table. */
    static void goals(Consumer<String> line, Runs scaleMinilm, Runs memory, Runs models) {
        BenchReportText.row(line, "heap of the vectors per 100k memories (int8 codes in heap, float32 on disk)", "≤ 60 MB",
                memory.figure("heap_mb_per_100k", " MB") + " held by the open store; index arrays " + memory.figure("index_mb_per_100k", " MB"),
                "-", memory, null, "Memory");
        BenchReportText.row(line, "recall@10 of the in-heap search vs exact float32 search (100k, cosine)", "≥ 0.98",
                memory.figure("recall_at_10") + " (default blended score: " + memory.figure("recall_at_10_blended") + ")", "-", memory, null,
                "Memory");
        BenchReportText.row(line, "hybrid recall at 100k memories, p50 / p99, query embedding excluded / included", "-",
                memory.figure("recall_100k_hybrid_p50_ms", " ms") + " / " + memory.figure("recall_100k_hybrid_p99_ms", " ms") + "; "
                        + memory.figure("recall_100k_incl_p50_ms", " ms") + " / " + memory.figure("recall_100k_incl_p99_ms", " ms"),
                "-", memory, null, "Memory");
        BenchReportText.row(line, "recall set, top 5, default model: paraphrases / keyword questions found, hybrid (vector only)",
                "no keyword missed", models.figure("minilm_hybrid_paraphrases") + " of " + models.figure("recall_set_paraphrases") + " / "
                        + models.figure("minilm_hybrid_keywords") + " of " + models.figure("recall_set_keywords") + " ("
                        + models.figure("minilm_vector_paraphrases") + " / " + models.figure("minilm_vector_keywords") + ")",
                "-", models, null, "EmbeddingModels");
        BenchReportText.row(line, "events/s, durable SQLite store, in-process all-MiniLM-L6-v2 (2 texts embedded per event)",
                "bounded by the model's batched rate", scaleMinilm.figure("sqlite_minilm_events_per_s") + " events/s; the model alone, batches: "
                        + models.figure("minilm_batch_texts_per_s") + " texts/s; lost " + scaleMinilm.figure("sqlite_minilm_lost")
                        + ", order violations " + scaleMinilm.figure("sqlite_minilm_order_violations"),
                "-", scaleMinilm, null, "Scale embedding=minilm");
        line.accept("");
    }

    /** The detail sections of the memory benchmarks. */
    static void details(Consumer<String> line, Properties meta, Runs scaleMinilm, Runs memory, Runs models) {
        BenchReportText.section(line, "6. Scale with the in-process embedding model (ScaleBenchmark)", BenchReportText.BENCH
                + "ScaleBenchmark -Dbench.args=\"" + meta.getProperty("scale-minilm.args") + "\"", """
                Section 3's setup with the default embedding model instead of the hash: every event and every reply is a memory, embedded \
                by all-MiniLM-L6-v2 in process on the store's background writer, which embeds what is queued in one batch and commits it \
                with the journal writes it holds back (an event is completed only after its memories are durable). The figure to compare \
                is twice the events/s against the model's own batched rate in section 8.""", scaleMinilm);
        BenchReportText.section(line, "7. Memory at 100k (MemoryBenchmark)", MEMORY_BENCH + " -Dbench.runs=1", """
                One agent with 100k memories and one with 10k in the embedded SQLite store (20,000 texts embedded with all-MiniLM-L6-v2, \
                the rest perturbations of those vectors with their own texts; 300 queries). Hybrid recall fuses the FTS5 keyword search \
                with the vector search; the vector search scans int8 codes in heap and rescores the best candidates with the float32 \
                vectors read from disk. Heap is the used heap with the store open less the used heap after it closed (110k memories, \
                scaled to 100k); the index figure is the size of its arrays. recall@10 compares the store's search with an exact float32 \
                search over all rows. Each run is its own process.""", memory);
        BenchReportText.section(line, "8. In-process embedding models (EmbeddingModelsBenchmark)", MEMORY_BENCH
                + " -Dbench.main=EmbeddingModelsBenchmark -Dbench.runs=1", """
                all-MiniLM-L6-v2 (agent-embeddings-minilm, the default), its int8-quantized build (agent-embeddings-minilm-q) and the \
                quantized BGE small en v1.5: load time, one text at a time (back to back, and 100 ms after the text before, the way chat \
                messages arrive: what a turn's recall waits for), batches of 200, and the recall sets (paraphrased and keyword \
                questions among 2,000 chat lines, top 5) with vector-only and hybrid recall. Each run is its own process.""", models);
    }
}
