package dev.agentry.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The in-heap stages of a search over one agent's {@link AgentVectors}, under its read lock: (1)
 * sign codes by popcount over every row, split over the cores, keep a wide candidate set; (2) int8
 * dot products on those keep the narrow set that the database rescores with the float32 vectors.
 * Small agents skip stage 1.
 */
final class VectorScan {
    static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final int PARALLEL_MIN_ROWS = 16_384;
    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "agentry-vector-scan");
        t.setDaemon(true);
        return t;
    });

    private final AgentVectors v;
    private final VectorIndex.Search s;
    private final float[] cosOfHamming;
    private final int conv;
    private final double k;

    private VectorScan(AgentVectors v, VectorIndex.Search s, float[] cosOfHamming) {
        this.v = v;
        this.s = s;
        this.cosOfHamming = cosOfHamming;
        this.conv = v.conversationFilter(s);
        this.k = s.decayPerNano();
    }

    /** The narrow candidate set, best approximate score first, as sequence numbers with their int8 scores. */
    static List<VectorIndex.Hit> search(AgentVectors v, VectorIndex.Search s, float[] cosOfHamming, int narrow) {
        if (narrow <= 0) {
            return List.of();
        }
        return v.reading(() -> new VectorScan(v, s, cosOfHamming).run(narrow));
    }

    private List<VectorIndex.Hit> run(int narrow) {
        if (conv == -2) {
            return List.of();
        }
        TopK top = int8Stage(bitStage(), narrow);
        List<VectorIndex.Hit> hits = new ArrayList<>(top.size);
        for (int i = 0; i < top.size; i++) {
            int r = top.rows[i];
            hits.add(new VectorIndex.Hit(v.page(r).seq[r & VectorPage.MASK], top.scores[i]));
        }
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits;
    }

    private TopK everyAccepted() {
        TopK all = new TopK(Math.max(1, v.size));
        for (int r = 0; r < v.size; r++) {
            if (AgentVectors.accepts(s, v.page(r), r & VectorPage.MASK, conv)) {
                all.offer(0, r);
            }
        }
        return all;
    }

    /** Stage 1: a wide candidate set by sign codes; small agents skip it (every accepted row goes on). */
    private TopK bitStage() {
        int wide = Math.max(s.limit() * 100, 2000);
        int n = v.size;
        if (n <= wide * 4) {
            return everyAccepted();
        }
        long[] qbits = new long[v.words];
        VectorCodes.binarize(s.query(), qbits, 0);
        if (POOL == null || n < PARALLEL_MIN_ROWS) {
            return scanBits(qbits, 0, n, wide);
        }
        int chunk = ((n + THREADS - 1) / THREADS + VectorPage.MASK) & ~VectorPage.MASK;
        List<Future<TopK>> futures = new ArrayList<>();
        for (int p = 1; p < THREADS; p++) {
            int from = Math.min(n, p * chunk);
            int to = Math.min(n, from + chunk);
            futures.add(POOL.submit(() -> scanBits(qbits, from, to, wide)));
        }
        TopK merged = scanBits(qbits, 0, Math.min(n, chunk), wide);
        for (Future<TopK> f : futures) {
            TopK t = join(f);
            for (int i = 0; i < t.size; i++) {
                merged.offer(t.scores[i], t.rows[i]);
            }
        }
        return merged;
    }

    private static TopK join(Future<TopK> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("vector search interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("vector search failed", e.getCause());
        }
    }

    /** Stage 2: int8 dot products on the candidates keep a narrow set. */
    private TopK int8Stage(TopK candidates, int narrow) {
        int dim = v.dim;
        int[] qi = new int[dim];
        byte[] qb = new byte[dim];
        VectorCodes.quantize(s.query(), qb, 0);
        for (int i = 0; i < dim; i++) {
            qi[i] = qb[i];
        }
        float qInv = VectorCodes.inverseScale(s.query());
        TopK top = new TopK(narrow);
        for (int c = 0; c < candidates.size; c++) {
            int r = candidates.rows[c];
            VectorPage p = v.page(r);
            int i = r & VectorPage.MASK;
            int d = SIMD ? SimdDot.dot(p.q8, i * dim, qi, dim) : VectorCodes.dotScalar(p.q8, i * dim, qi, dim);
            double score = s.wRelevance() * d * p.invScale[i] * qInv + s.wImportance() * p.importance[i]
                    + s.wRecency() * VectorIndex.Search.recency(s.nowNanos(), p.created[i], k);
            top.offer((float) score, r);
        }
        return top;
    }

    private TopK scanBits(long[] qbits, int from, int to, int candidates) {
        TopK top = new TopK(candidates);
        boolean filtered = conv >= 0 || s.kindMask() != -1 || s.fromNanos() != Long.MIN_VALUE || s.toNanos() != Long.MAX_VALUE;
        boolean timeTerms = s.wRecency() != 0;
        float wRel = (float) s.wRelevance();
        float wImp = (float) s.wImportance();
        float wRec = (float) s.wRecency();
        int w = v.words;
        for (int r = from; r < to; r++) {
            VectorPage p = v.page(r);
            int i = r & VectorPage.MASK;
            if (p.seq[i] == 0 || (filtered && !AgentVectors.accepts(s, p, i, conv))) {
                continue;
            }
            long[] b = p.bits;
            int base = i * w;
            int h = 0;
            for (int j = 0; j < w; j++) {
                h += Long.bitCount(b[base + j] ^ qbits[j]);
            }
            float score = wRel * cosOfHamming[h] + wImp * p.importance[i];
            if (timeTerms) {
                // recency is at most wRecency: skip the exp when the row cannot enter the top
                if (score + wRec <= top.floor()) {
                    continue;
                }
                score += (float) (wRec * VectorIndex.Search.recency(s.nowNanos(), p.created[i], k));
            }
            top.offer(score, r);
        }
        return top;
    }
}
