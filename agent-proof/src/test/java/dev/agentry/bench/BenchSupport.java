package dev.agentry.bench;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.core.TurnResult;
import dev.agentry.embeddings.onnx.OnnxSentenceModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Small measuring helpers shared by the benchmarks. */
final class BenchSupport {
    private BenchSupport() {}

    /**
     * all-MiniLM-L6-v2, full or int8-quantized, loaded now and run the way agent-embeddings-minilm and
     * agent-embeddings-minilm-q run it (ONNX Runtime without spinning worker threads).
     */
    static EmbeddingModel miniLm(boolean quantized) {
        return quantized
                ? OnnxSentenceModel.load(AllMiniLmL6V2QuantizedEmbeddingModel.class, "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
                        384, PoolingMode.MEAN)
                : OnnxSentenceModel.load(AllMiniLmL6V2EmbeddingModel.class, "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 384,
                        PoolingMode.MEAN);
    }

    /** Counts the calls, texts and time of an embedding model. */
    static final class CountingEmbeddingModel implements EmbeddingModel {
        final EmbeddingModel delegate;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong texts = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
        /** Time spent on threads other than the runtime's memory writer: on a turn's path. */
        final AtomicLong pathNanos = new AtomicLong();

        CountingEmbeddingModel(EmbeddingModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            long t0 = System.nanoTime();
            try {
                return delegate.embedAll(segments);
            } finally {
                long d = System.nanoTime() - t0;
                nanos.addAndGet(d);
                if (!Thread.currentThread().getName().equals("agentry-memory-writer")) {
                    pathNanos.addAndGet(d);
                }
                calls.incrementAndGet();
                texts.addAndGet(segments.size());
            }
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }
    }

    /** Times every memory operation: reads (recent, recall) and writes (remember). */
    static final class TimedMemory implements Memory {
        final Memory delegate;
        final AtomicLong readNanos = new AtomicLong();
        final AtomicLong writeNanos = new AtomicLong();

        TimedMemory(Memory delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
            long t0 = System.nanoTime();
            try {
                return delegate.recent(agentId, conversation, tokenBudget);
            } finally {
                readNanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public List<MemoryItem> recall(RecallQuery query) {
            long t0 = System.nanoTime();
            try {
                return delegate.recall(query);
            } finally {
                readNanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public void prefetch(String agentId, String text) {
            delegate.prefetch(agentId, text);
        }

        @Override
        public Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
            long t0 = System.nanoTime();
            try {
                return delegate.mostSimilar(agentId, text, kinds, since);
            } finally {
                readNanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public void remember(MemoryItem item) {
            rememberAll(List.of(item));
        }

        @Override
        public void rememberAll(List<MemoryItem> items) {
            long t0 = System.nanoTime();
            try {
                delegate.rememberAll(items);
            } finally {
                writeNanos.addAndGet(System.nanoTime() - t0);
            }
        }
    }

    /** Times every journal operation. */
    static final class TimedJournal implements Journal {
        final Journal delegate;
        final AtomicLong nanos = new AtomicLong();
        /** Of which completing turns ({@link Journal#finishTurn}: behind the turn's memories). */
        final AtomicLong finishNanos = new AtomicLong();

        TimedJournal(Journal delegate) {
            this.delegate = delegate;
        }

        private <T> T timed(java.util.function.Supplier<T> call) {
            long t0 = System.nanoTime();
            try {
                return call.get();
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }

        private void timed(Runnable call) {
            timed(() -> {
                call.run();
                return null;
            });
        }

        @Override
        public boolean accept(String agentId, Event event) {
            return timed(() -> delegate.accept(agentId, event));
        }

        @Override
        public List<Boolean> acceptAll(String agentId, List<Event> events) {
            return timed(() -> delegate.acceptAll(agentId, events));
        }

        @Override
        public void complete(String agentId, String eventId) {
            timed(() -> delegate.complete(agentId, eventId));
        }

        @Override
        public List<Event> pending(String agentId) {
            return timed(() -> delegate.pending(agentId));
        }

        @Override
        public void recordTurn(TurnResult turn) {
            timed(() -> delegate.recordTurn(turn));
        }

        @Override
        public void finishTurn(TurnResult turn) {
            long t0 = System.nanoTime();
            timed(() -> delegate.finishTurn(turn));
            finishNanos.addAndGet(System.nanoTime() - t0);
        }

        @Override
        public List<TurnResult> turns(String agentId, int limit) {
            return timed(() -> delegate.turns(agentId, limit));
        }

        @Override
        public Optional<EffectRecord> effect(String key) {
            return timed(() -> delegate.effect(key));
        }

        @Override
        public void putEffect(EffectRecord record) {
            timed(() -> delegate.putEffect(record));
        }

        @Override
        public List<EffectRecord> effectsSince(String agentId, Instant since) {
            return timed(() -> delegate.effectsSince(agentId, since));
        }

        @Override
        public void deadLetter(DeadLetter letter) {
            timed(() -> delegate.deadLetter(letter));
        }

        @Override
        public List<DeadLetter> deadLetters(String agentId) {
            return timed(() -> delegate.deadLetters(agentId));
        }
    }

    /** Named figures of one run, printed as one {@code RESULT key=value ...} line for scripts/benchmarks. */
    static final class Figures {
        private final Map<String, String> values = new LinkedHashMap<>();

        void put(String key, double value, String format) {
            values.put(key, String.format(Locale.ROOT, format, value));
        }

        void putText(String key, String value) {
            values.put(key, value);
        }

        void print() {
            StringBuilder line = new StringBuilder("RESULT");
            values.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
        }
    }

    /** Arguments of the form {@code key=value} or {@code flag}. */
    static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            out.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
        return out;
    }

    /** Resident set size of this process in MB (Linux), or -1. */
    static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** CPU time used by this process so far (all threads), in nanoseconds, or 0 if the JVM does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** Used heap in bytes after a few full collections. */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The p-th percentile (0-100) of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Length of the common prefix of two strings, in chars. */
    static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + "), max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB";
    }
}
