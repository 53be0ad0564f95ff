package dev.agentry.memory.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-process vector search in three stages. Per agent, each vector is kept as a 1-bit sign code
 * (48 bytes for 384 dimensions), an int8 code with a per-row scale and a float16 copy, in
 * contiguous arrays. A search (1) scans every row's sign code (Hamming distance by popcount,
 * mapped to an approximate cosine, blended with importance and recency) split over the cores,
 * keeping a wide candidate set (100 x limit, at least 2,000); (2) rescoring those with int8 dot
 * products (JDK Vector API when {@code jdk.incubator.vector} is present, else a scalar loop) keeps
 * 4 x limit; (3) those are rescored with the float16 vectors. The full scan reads 48 bytes per row
 * instead of 1,536, which is what makes 100k-row scans fit in a few milliseconds: they are bound by
 * memory bandwidth. Thread-safe: one read-write lock per agent.
 */
public final class VectorIndex {
    private static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final int PARALLEL_MIN_ROWS = 16_384;
    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "agentry-vector-scan");
        t.setDaemon(true);
        return t;
    });
    private static final double HOUR_NANOS = 3_600e9;

    /** A search result. */
    public record Hit(String id, double score, double relevance) {}

    /**
     * What to search for.
     *
     * @param query the normalised query vector
     * @param kindMask bit {@code 1 << kind.ordinal()} set for each accepted kind
     * @param conversation the conversation required, or null for any
     * @param fromNanos earliest creation time
     * @param toNanos latest creation time
     * @param wRelevance weight of cosine
     * @param wRecency weight of recency
     * @param wImportance weight of importance
     * @param decayPerHour recency decay
     * @param nowNanos the current time
     * @param limit results wanted
     */
    public record Search(float[] query, int kindMask, String conversation, long fromNanos, long toNanos, double wRelevance,
            double wRecency, double wImportance, double decayPerHour, long nowNanos, int limit) {}

    private final int dim;
    private final int words;
    private final float[] cosOfHamming;
    private final Map<String, AgentVectors> agents = new ConcurrentHashMap<>();

    /** An empty index of vectors of a dimension. */
    public VectorIndex(int dim) {
        this.dim = dim;
        this.words = (dim + 63) / 64;
        this.cosOfHamming = new float[dim + 1];
        for (int h = 0; h <= dim; h++) {
            cosOfHamming[h] = (float) Math.cos(Math.PI * h / dim);
        }
    }

    /** Whether scans use the Vector API. */
    public static boolean simd() {
        return SIMD;
    }

    /** Adds or replaces a vector. */
    public void put(String agentId, String id, float[] normalized, int kind, String conversation, long createdNanos, double importance) {
        if (normalized.length != dim) {
            throw new IllegalArgumentException("vector of memory " + id + " has " + normalized.length + " dimensions, the index " + dim);
        }
        agents.computeIfAbsent(agentId, a -> new AgentVectors()).put(id, normalized, kind, conversation, createdNanos, (float) importance);
    }

    /** Removes a vector if present. */
    public void remove(String agentId, String id) {
        AgentVectors v = agents.get(agentId);
        if (v != null) {
            v.remove(id);
        }
    }

    /** Whether an id is indexed. */
    public boolean contains(String agentId, String id) {
        AgentVectors v = agents.get(agentId);
        return v != null && v.contains(id);
    }

    /** Live vectors of an agent. */
    public int size(String agentId) {
        AgentVectors v = agents.get(agentId);
        return v == null ? 0 : v.live();
    }

    /** Approximate heap bytes used by an agent's vectors. */
    public long bytes(String agentId) {
        AgentVectors v = agents.get(agentId);
        return v == null ? 0 : v.bytes();
    }

    /** Removes everything. */
    public void clear() {
        agents.clear();
    }

    /** Searches one agent's vectors, best first. */
    public List<Hit> search(String agentId, Search s) {
        AgentVectors v = agents.get(agentId);
        return v == null ? List.of() : v.search(s);
    }

    /** Exact search over the float16 vectors (for measuring the int8 scan's recall). */
    public List<Hit> searchExact(String agentId, Search s) {
        AgentVectors v = agents.get(agentId);
        return v == null ? List.of() : v.searchExact(s);
    }

    static void quantize(float[] v, byte[] out, int offset) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        float scale = max == 0 ? 0 : 127f / max;
        for (int i = 0; i < v.length; i++) {
            out[offset + i] = (byte) Math.round(v[i] * scale);
        }
    }

    static float inverseScale(float[] v) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max / 127f;
    }

    static void binarize(float[] v, long[] out, int offset) {
        int words = (v.length + 63) / 64;
        Arrays.fill(out, offset, offset + words, 0L);
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0) {
                out[offset + (i >>> 6)] |= 1L << (i & 63);
            }
        }
    }

    static int dotScalar(byte[] rows, int offset, int[] q, int n) {
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += rows[offset + i] * q[i];
            s1 += rows[offset + i + 1] * q[i + 1];
            s2 += rows[offset + i + 2] * q[i + 2];
            s3 += rows[offset + i + 3] * q[i + 3];
        }
        for (; i < n; i++) {
            s0 += rows[offset + i] * q[i];
        }
        return s0 + s1 + s2 + s3;
    }

    /** A bounded min-heap of (score, row). */
    private static final class Top {
        final float[] scores;
        final int[] rows;
        int size;

        Top(int capacity) {
            scores = new float[capacity];
            rows = new int[capacity];
        }

        float floor() {
            return size < scores.length ? Float.NEGATIVE_INFINITY : scores[0];
        }

        void offer(float score, int row) {
            if (size < scores.length) {
                int i = size++;
                while (i > 0) {
                    int p = (i - 1) >>> 1;
                    if (scores[p] <= score) {
                        break;
                    }
                    scores[i] = scores[p];
                    rows[i] = rows[p];
                    i = p;
                }
                scores[i] = score;
                rows[i] = row;
            } else if (score > scores[0]) {
                int i = 0;
                int n = size;
                while (true) {
                    int l = 2 * i + 1;
                    if (l >= n) {
                        break;
                    }
                    int c = l + 1 < n && scores[l + 1] < scores[l] ? l + 1 : l;
                    if (scores[c] >= score) {
                        break;
                    }
                    scores[i] = scores[c];
                    rows[i] = rows[c];
                    i = c;
                }
                scores[i] = score;
                rows[i] = row;
            }
        }
    }

    private final class AgentVectors {
        private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        private final Map<String, Integer> rowOf = new HashMap<>();
        private final Map<String, Integer> conversations = new HashMap<>();
        private byte[] q8 = new byte[0];
        private long[] bits = new long[0];
        private short[] f16 = new short[0];
        private float[] invScale = new float[0];
        private long[] created = new long[0];
        private float[] importance = new float[0];
        private byte[] kind = new byte[0];
        private int[] conversation = new int[0];
        private String[] ids = new String[0];
        private int size;
        private int dead;

        void put(String id, float[] v, int k, String conv, long createdNanos, float imp) {
            lock.writeLock().lock();
            try {
                Integer existing = rowOf.get(id);
                int row;
                if (existing != null) {
                    row = existing;
                } else {
                    if (size == ids.length) {
                        grow();
                    }
                    row = size++;
                    rowOf.put(id, row);
                }
                quantize(v, q8, row * dim);
                binarize(v, bits, row * words);
                invScale[row] = inverseScale(v);
                for (int i = 0; i < dim; i++) {
                    f16[row * dim + i] = Float.floatToFloat16(v[i]);
                }
                created[row] = createdNanos;
                importance[row] = imp;
                kind[row] = (byte) k;
                conversation[row] = conv == null ? -1 : conversations.computeIfAbsent(conv, c -> conversations.size());
                ids[row] = id;
            } finally {
                lock.writeLock().unlock();
            }
        }

        void remove(String id) {
            lock.writeLock().lock();
            try {
                Integer row = rowOf.remove(id);
                if (row != null) {
                    ids[row] = null;
                    dead++;
                    if (dead > 1024 && dead > size / 4) {
                        compact();
                    }
                }
            } finally {
                lock.writeLock().unlock();
            }
        }

        boolean contains(String id) {
            lock.readLock().lock();
            try {
                return rowOf.containsKey(id);
            } finally {
                lock.readLock().unlock();
            }
        }

        int live() {
            lock.readLock().lock();
            try {
                return size - dead;
            } finally {
                lock.readLock().unlock();
            }
        }

        long bytes() {
            lock.readLock().lock();
            try {
                return (long) ids.length * (dim * 3L + words * 8L + 4 + 8 + 4 + 1 + 4 + 8) + rowOf.size() * 120L;
            } finally {
                lock.readLock().unlock();
            }
        }

        private void grow() {
            int cap = Math.max(1024, ids.length * 3 / 2);
            q8 = Arrays.copyOf(q8, cap * dim);
            bits = Arrays.copyOf(bits, cap * words);
            f16 = Arrays.copyOf(f16, cap * dim);
            invScale = Arrays.copyOf(invScale, cap);
            created = Arrays.copyOf(created, cap);
            importance = Arrays.copyOf(importance, cap);
            kind = Arrays.copyOf(kind, cap);
            conversation = Arrays.copyOf(conversation, cap);
            ids = Arrays.copyOf(ids, cap);
        }

        private void compact() {
            int w = 0;
            for (int r = 0; r < size; r++) {
                if (ids[r] == null) {
                    continue;
                }
                if (w != r) {
                    System.arraycopy(q8, r * dim, q8, w * dim, dim);
                    System.arraycopy(bits, r * words, bits, w * words, words);
                    System.arraycopy(f16, r * dim, f16, w * dim, dim);
                    invScale[w] = invScale[r];
                    created[w] = created[r];
                    importance[w] = importance[r];
                    kind[w] = kind[r];
                    conversation[w] = conversation[r];
                    ids[w] = ids[r];
                    rowOf.put(ids[w], w);
                }
                w++;
            }
            Arrays.fill(ids, w, size, null);
            size = w;
            dead = 0;
        }

        List<Hit> search(Search s) {
            if (s.limit() <= 0) {
                return List.of();
            }
            lock.readLock().lock();
            try {
                int conv = conversationFilter(s);
                if (conv == -2) {
                    return List.of();
                }
                // stage 1: 1-bit codes (Hamming distance, popcount) over all rows -> wide candidate set
                int wide = Math.max(s.limit() * 100, 2000);
                long[] qbits = new long[words];
                binarize(s.query(), qbits, 0);
                double k = -Math.log(s.decayPerHour()) / HOUR_NANOS;
                int n = size;
                Top merged;
                if (n <= wide * 4) {
                    // small agents: every accepted row goes straight to the int8 stage
                    merged = new Top(Math.max(1, n));
                    for (int r = 0; r < n; r++) {
                        if (accepts(s, r, conv)) {
                            merged.offer(0, r);
                        }
                    }
                } else if (POOL != null && n >= PARALLEL_MIN_ROWS) {
                    int parts = THREADS;
                    int chunk = (n + parts - 1) / parts;
                    List<Future<Top>> futures = new ArrayList<>();
                    for (int p = 1; p < parts; p++) {
                        int from = p * chunk;
                        int to = Math.min(n, from + chunk);
                        futures.add(POOL.submit(() -> scanBits(s, qbits, k, conv, from, to, wide)));
                    }
                    merged = scanBits(s, qbits, k, conv, 0, Math.min(n, chunk), wide);
                    for (Future<Top> f : futures) {
                        Top t;
                        try {
                            t = f.get();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("vector search interrupted", e);
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw new IllegalStateException("vector search failed", e.getCause());
                        }
                        for (int i = 0; i < t.size; i++) {
                            merged.offer(t.scores[i], t.rows[i]);
                        }
                    }
                } else {
                    merged = scanBits(s, qbits, k, conv, 0, n, wide);
                }
                // stage 2: int8 dot products on the candidates -> narrow set
                int[] qi = new int[dim];
                byte[] qb = new byte[dim];
                quantize(s.query(), qb, 0);
                for (int i = 0; i < dim; i++) {
                    qi[i] = qb[i];
                }
                float qInv = inverseScale(s.query());
                Top narrow = new Top(Math.max(s.limit() * 4, 64));
                for (int i = 0; i < merged.size; i++) {
                    int r = merged.rows[i];
                    int d = SIMD ? SimdDot.dot(q8, r * dim, qi, dim) : dotScalar(q8, r * dim, qi, dim);
                    double score = s.wRelevance() * d * invScale[r] * qInv + s.wImportance() * importance[r] + s.wRecency() * recency(s, r, k);
                    narrow.offer((float) score, r);
                }
                merged = narrow;
                List<Hit> hits = new ArrayList<>(merged.size);
                for (int i = 0; i < merged.size; i++) {
                    hits.add(exact(s, merged.rows[i], k));
                }
                hits.sort((a, b) -> Double.compare(b.score(), a.score()));
                return List.copyOf(hits.subList(0, Math.min(s.limit(), hits.size())));
            } finally {
                lock.readLock().unlock();
            }
        }

        List<Hit> searchExact(Search s) {
            lock.readLock().lock();
            try {
                int conv = conversationFilter(s);
                if (conv == -2) {
                    return List.of();
                }
                double k = -Math.log(s.decayPerHour()) / HOUR_NANOS;
                List<Hit> hits = new ArrayList<>();
                for (int r = 0; r < size; r++) {
                    if (accepts(s, r, conv)) {
                        hits.add(exact(s, r, k));
                    }
                }
                hits.sort((a, b) -> Double.compare(b.score(), a.score()));
                return List.copyOf(hits.subList(0, Math.min(s.limit(), hits.size())));
            } finally {
                lock.readLock().unlock();
            }
        }

        private int conversationFilter(Search s) {
            if (s.conversation() == null) {
                return -1;
            }
            Integer c = conversations.get(s.conversation());
            return c == null ? -2 : c;
        }

        private boolean accepts(Search s, int r, int conv) {
            return ids[r] != null && (s.kindMask() & (1 << kind[r])) != 0 && (conv < 0 || conversation[r] == conv)
                    && created[r] >= s.fromNanos() && created[r] <= s.toNanos();
        }

        private Hit exact(Search s, int r, double k) {
            float[] q = s.query();
            float dot = 0;
            int base = r * dim;
            for (int i = 0; i < dim; i++) {
                dot += Float.float16ToFloat(f16[base + i]) * q[i];
            }
            double score = s.wRelevance() * dot + s.wRecency() * recency(s, r, k) + s.wImportance() * importance[r];
            return new Hit(ids[r], score, dot);
        }

        private double recency(Search s, int r, double k) {
            double ageNanos = Math.max(0, s.nowNanos() - created[r]);
            return Math.exp(-k * ageNanos);
        }

        private Top scanBits(Search s, long[] qbits, double k, int conv, int from, int to, int candidates) {
            Top top = new Top(candidates);
            boolean filtered = conv >= 0 || s.kindMask() != -1 || s.fromNanos() != Long.MIN_VALUE || s.toNanos() != Long.MAX_VALUE;
            boolean timeTerms = s.wRecency() != 0;
            float wRel = (float) s.wRelevance();
            float wImp = (float) s.wImportance();
            float wRec = (float) s.wRecency();
            long[] b = bits;
            int w = words;
            for (int r = from; r < to; r++) {
                if (ids[r] == null || (filtered && !accepts(s, r, conv))) {
                    continue;
                }
                int base = r * w;
                int h = 0;
                for (int i = 0; i < w; i++) {
                    h += Long.bitCount(b[base + i] ^ qbits[i]);
                }
                float score = wRel * cosOfHamming[h] + wImp * importance[r];
                if (timeTerms) {
                    // recency is at most wRecency: skip the exp when the row cannot enter the top
                    if (score + wRec <= top.floor()) {
                        continue;
                    }
                    score += (float) (wRec * recency(s, r, k));
                }
                top.offer(score, r);
            }
            return top;
        }
    }
}
