package dev.agentry.bench;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Small measuring helpers shared by the benchmarks. */
final class BenchSupport {
    private BenchSupport() {}

    /** Counts the calls, texts and time of an embedding model. */
    static final class CountingEmbeddingModel implements EmbeddingModel {
        final EmbeddingModel delegate;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong texts = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        CountingEmbeddingModel(EmbeddingModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            long t0 = System.nanoTime();
            try {
                return delegate.embedAll(segments);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
                calls.incrementAndGet();
                texts.addAndGet(segments.size());
            }
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }
    }

    /** Times every memory operation (recent, recall, remember). */
    static final class TimedMemory implements Memory {
        final Memory delegate;
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong recallNanos = new AtomicLong();
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
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public List<MemoryItem> recall(RecallQuery query) {
            long t0 = System.nanoTime();
            try {
                return delegate.recall(query);
            } finally {
                long d = System.nanoTime() - t0;
                nanos.addAndGet(d);
                recallNanos.addAndGet(d);
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
                long d = System.nanoTime() - t0;
                nanos.addAndGet(d);
                writeNanos.addAndGet(d);
            }
        }
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
