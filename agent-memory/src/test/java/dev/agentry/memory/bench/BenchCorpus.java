package dev.agentry.memory.bench;

import dev.agentry.memory.internal.Embedder;
import dev.agentry.memory.internal.Times;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The benchmark's memories (texts, vectors, creation times, importance), its queries, and small measuring helpers. */
final class BenchCorpus {
    private final List<String> texts;
    private final float[][] vectors;
    private final long[] created;
    private final double[] importance;
    private final List<String> queries;

    private BenchCorpus(List<String> texts, float[][] vectors, long[] created, double[] importance, List<String> queries) {
        this.texts = texts;
        this.vectors = vectors;
        this.created = created;
        this.importance = importance;
        this.queries = queries;
    }

    /** {@code real} texts embedded with the model (cached in {@code dir}), perturbed copies up to {@code total}, and {@code queries} query texts. */
    static BenchCorpus load(Path dir, EmbeddingModel model, int real, int total, int queries) throws IOException {
        List<String> generated = texts(real + queries, 1);
        List<String> corpus = generated.subList(0, real);
        Path cache = dir.resolve("bench-minilm-" + real + ".bin");
        float[][] embedded;
        if (Files.exists(cache)) {
            embedded = read(cache);
        } else {
            embedded = new float[real][];
            for (int i = 0; i < real; i += 256) {
                List<TextSegment> batch = corpus.subList(i, Math.min(real, i + 256)).stream().map(TextSegment::from).toList();
                List<Embedding> e = model.embedAll(batch).content();
                for (int j = 0; j < e.size(); j++) {
                    embedded[i + j] = Embedder.normalize(e.get(j).vector());
                }
            }
            write(cache, embedded);
        }
        Random rnd = new Random(42);
        List<String> texts = new ArrayList<>(total);
        float[][] vectors = new float[total][];
        long[] created = new long[total];
        double[] importance = new double[total];
        long now = Times.toNanos(Instant.now());
        for (int i = 0; i < total; i++) {
            int src = i % real;
            if (i < real) {
                texts.add(corpus.get(i));
                vectors[i] = embedded[i];
            } else {
                texts.add(corpus.get(src) + " (variant " + (i / real) + ")");
                float[] v = embedded[src].clone();
                for (int d = 0; d < v.length; d++) {
                    v[d] += (float) (rnd.nextGaussian() * 0.03);
                }
                vectors[i] = Embedder.normalize(v);
            }
            importance[i] = rnd.nextDouble();
            created[i] = now - Duration.ofMinutes(rnd.nextInt(90 * 24 * 60)).toNanos();
        }
        return new BenchCorpus(texts, vectors, created, importance, generated.subList(real, real + queries));
    }

    String text(int i) {
        return texts.get(i);
    }

    float[] vector(int i) {
        return vectors[i];
    }

    long createdNanos(int i) {
        return created[i];
    }

    double importance(int i) {
        return importance[i];
    }

    String query(int i) {
        return queries.get(i);
    }

    /** Every memory's vector by its text. */
    Map<String, float[]> vectorsByText() {
        Map<String, float[]> out = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            out.put(texts.get(i), vectors[i]);
        }
        return out;
    }

    /** The exact top {@code k} of the first {@code n} vectors by cosine (the naive float[] scan). */
    int[] exactTop(int n, float[] q, int k) {
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (float) Embedder.dot(vectors[i], q);
        }
        return topIndices(scores, k);
    }

    /** The indices of the {@code k} highest scores, best first. */
    static int[] topIndices(float[] scores, int k) {
        float[] best = new float[k];
        int[] idx = new int[k];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < scores.length; i++) {
            float d = scores[i];
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

    /** The p-th percentile (0-100) of sorted values. */
    static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    /** The median of values. */
    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** "median (min-max)" of values, each formatted. */
    static String medianRange(List<Double> values, String format) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median(values), s[0], s[s.length - 1]);
    }

    /** The load average line of /proc/loadavg (1, 5, 15 minutes), or "n/a". */
    static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f (1 min)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Used heap in bytes after a few full collections. */
    static long usedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
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
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
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
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
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
}
