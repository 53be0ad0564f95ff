package dev.agentry.memory.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One agent's vectors in contiguous arrays, one row per memory: the 1-bit sign code, the int8 code
 * with its scale, a float16 copy, and the filter and score fields (kind, conversation, creation
 * time, importance). Writers take the write lock; {@link VectorScan} reads under the read lock.
 */
final class AgentVectors {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final int dim;
    final int words;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private final Map<String, Integer> conversations = new HashMap<>();
    byte[] q8 = new byte[0];
    long[] bits = new long[0];
    short[] f16 = new short[0];
    float[] invScale = new float[0];
    long[] created = new long[0];
    float[] importance = new float[0];
    byte[] kind = new byte[0];
    int[] conversation = new int[0];
    String[] ids = new String[0];
    int size;
    private int dead;

    AgentVectors(int dim) {
        this.dim = dim;
        this.words = (dim + 63) / 64;
    }

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
            VectorCodes.quantize(v, q8, row * dim);
            VectorCodes.binarize(v, bits, row * words);
            invScale[row] = VectorCodes.inverseScale(v);
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
        return reading(() -> rowOf.containsKey(id));
    }

    int live() {
        return reading(() -> size - dead);
    }

    long bytes() {
        return reading(() -> (long) ids.length * (dim * 3L + words * 8L + 4 + 8 + 4 + 1 + 4 + 8) + rowOf.size() * 120L);
    }

    /** Runs a read under the read lock. */
    <T> T reading(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
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

    /** The conversation number a search requires: -1 for any, -2 when no row has that conversation. */
    int conversationFilter(VectorIndex.Search s) {
        if (s.conversation() == null) {
            return -1;
        }
        Integer c = conversations.get(s.conversation());
        return c == null ? -2 : c;
    }

    /** Whether a live row passes the search's kind, conversation and time filters. */
    boolean accepts(VectorIndex.Search s, int r, int conv) {
        return ids[r] != null && (s.kindMask() & (1 << kind[r])) != 0 && (conv < 0 || conversation[r] == conv)
                && created[r] >= s.fromNanos() && created[r] <= s.toNanos();
    }

    /** A row scored with its float16 vector. */
    VectorIndex.Hit exact(VectorIndex.Search s, int r, double k) {
        float[] q = s.query();
        float dot = 0;
        int base = r * dim;
        for (int i = 0; i < dim; i++) {
            dot += Float.float16ToFloat(f16[base + i]) * q[i];
        }
        return new VectorIndex.Hit(ids[r], s.score(dot, created[r], importance[r], k), dot);
    }

    /** The recency term of a row, in (0, 1]; {@code k} is {@link VectorIndex.Search#decayPerNano()}. */
    double recency(VectorIndex.Search s, int r, double k) {
        return VectorIndex.Search.recency(s.nowNanos(), created[r], k);
    }
}
