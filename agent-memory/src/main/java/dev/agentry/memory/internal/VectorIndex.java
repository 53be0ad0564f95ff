package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process vector search. Per agent, each vector is kept as a 1-bit sign code (48 bytes at 384
 * dimensions) and an int8 code with a per-row scale (384 bytes), in pages of contiguous arrays
 * ({@link AgentVectors}), keyed by the memory's database sequence number: about 460 bytes per
 * memory, 46 MB per 100k. A search ({@link VectorScan}) (1) scans every row's sign code (Hamming
 * distance by popcount, mapped to an approximate cosine, blended with importance and recency) split
 * over the cores, keeping a wide candidate set (100 x limit, at least 2,000); (2) rescoring those
 * with int8 dot products (JDK Vector API when {@code jdk.incubator.vector} is present, else a
 * scalar loop) keeps a narrow set, which the caller rescores exactly with the float32 vectors kept
 * in the database ({@link Recall}). The full scan reads 48 bytes per row, which is what makes 100k
 * rows fit in a few milliseconds: it is bound by memory bandwidth. MemoryBenchmark prints the heap
 * per 100k memories and recall@10 against an exact float32 search. Thread-safe: one read-write lock
 * per agent.
 */
public final class VectorIndex {
    private static final double HOUR_NANOS = 3_600e9;

    /**
     * A candidate of the narrow set.
     *
     * @param seq the memory's database sequence number
     * @param score its approximate blended score (int8 cosine)
     */
    public record Hit(long seq, double score) {}

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
            double wRecency, double wImportance, double decayPerHour, long nowNanos, int limit) {

        /** The recency decay constant per nanosecond of age. */
        public double decayPerNano() {
            return -Math.log(decayPerHour) / HOUR_NANOS;
        }

        /** The recency term, in (0, 1], of an item created at {@code createdNanos}; {@code k} is {@link #decayPerNano()}. */
        static double recency(long nowNanos, long createdNanos, double k) {
            return Math.exp(-k * Math.max(0, nowNanos - createdNanos));
        }

        /** The accepted kinds as an SQL list of quoted names, for example {@code 'FACT','POST'} (only when {@code kindMask != -1}). */
        String kindList() {
            List<String> names = new ArrayList<>();
            for (MemoryItem.Kind k : MemoryItem.Kind.values()) {
                if ((kindMask & (1 << k.ordinal())) != 0) {
                    names.add("'" + k.name() + "'");
                }
            }
            return String.join(",", names);
        }

        /** The blended score of an item: weighted cosine, recency and importance. */
        double score(double cosine, long createdNanos, double importance, double k) {
            return wRelevance * cosine + wRecency * recency(nowNanos, createdNanos, k) + wImportance * importance;
        }
    }

    private final int dim;
    private final float[] cosOfHamming;
    private final Map<String, AgentVectors> agents = new ConcurrentHashMap<>();

    /** An empty index of vectors of a dimension. */
    public VectorIndex(int dim) {
        this.dim = dim;
        this.cosOfHamming = new float[dim + 1];
        for (int h = 0; h <= dim; h++) {
            cosOfHamming[h] = (float) Math.cos(Math.PI * h / dim);
        }
    }

    /** Whether scans use the Vector API. */
    public static boolean simd() {
        return VectorScan.SIMD;
    }

    /** Adds or replaces the vector of the memory with database sequence number {@code seq}. */
    public void put(String agentId, long seq, float[] normalized, int kind, String conversation, long createdNanos, double importance) {
        if (normalized.length != dim) {
            throw new IllegalArgumentException("vector of memory #" + seq + " has " + normalized.length + " dimensions, the index " + dim);
        }
        agents.computeIfAbsent(agentId, a -> new AgentVectors(dim)).put(seq, normalized, kind, conversation, createdNanos, (float) importance);
    }

    /** Removes a vector if present. */
    public void remove(String agentId, long seq) {
        AgentVectors v = agents.get(agentId);
        if (v != null) {
            v.remove(seq);
        }
    }

    /** Whether a sequence number is indexed. */
    public boolean contains(String agentId, long seq) {
        AgentVectors v = agents.get(agentId);
        return v != null && v.contains(seq);
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

    /** The narrow candidate set of one agent's vectors, {@code narrow} at most, best approximate score first. */
    public List<Hit> search(String agentId, Search s, int narrow) {
        AgentVectors v = agents.get(agentId);
        return v == null ? List.of() : VectorScan.search(v, s, cosOfHamming, narrow);
    }
}
