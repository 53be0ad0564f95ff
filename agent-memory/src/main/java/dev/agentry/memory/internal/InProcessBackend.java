package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * Vectors stored as float32 bytes in the memories table and searched with a {@link VectorIndex}
 * (int8 and sign codes in heap) loaded at open. On PostgreSQL (shared by several nodes) each search first pulls rows other nodes
 * added since the last one, by sequence number.
 */
final class InProcessBackend implements VectorBackend {
    private static final String SELECT = "SELECT seq, agent_id, kind, conversation, created_at, importance, embedding FROM memories"
            + " WHERE seq > ? AND embedding IS NOT NULL ORDER BY seq";
    private final Db db;
    private final VectorIndex index;
    private final boolean shared;
    private final int dimension;
    private volatile long maxSeq;

    InProcessBackend(Db db, int dimension, boolean shared) {
        this.db = db;
        this.index = new VectorIndex(dimension);
        this.shared = shared;
        this.dimension = dimension;
        load(0, true);
    }

    private void load(long after, boolean initial) {
        db.run("loading vectors", c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT)) {
                p.setFetchSize(2000);
                p.setLong(1, after);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        String agent = rs.getString(2);
                        float[] v = Embedder.fromBytes(rs.getBytes(7));
                        // vectors of another model (before a re-embedding) are not indexed
                        if (v.length == dimension && (initial || !index.contains(agent, seq))) {
                            index.put(agent, seq, v, MemoryItem.Kind.valueOf(rs.getString(3)).ordinal(),
                                    rs.getString(4), rs.getLong(5), rs.getDouble(6));
                        }
                        maxSeq = Math.max(maxSeq, seq);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public boolean acceptsLateVectors() {
        return !shared;
    }

    @Override
    public void committed(List<Row> rows) {
        for (Row r : rows) {
            MemoryItem i = r.item();
            index.put(i.agentId(), r.seq(), r.vector(), i.kind().ordinal(), i.conversation().orElse(null), Times.toNanos(i.createdAt()),
                    i.importance());
        }
    }

    @Override
    public void deleted(String agentId, List<Key> keys) {
        keys.forEach(k -> index.remove(agentId, k.seq()));
    }

    @Override
    public void reset(Connection c) {
        index.clear();
    }

    @Override
    public List<Key> candidates(String agentId, VectorIndex.Search search, int narrow) {
        if (shared) {
            // rows of other nodes; a small overlap covers transactions that committed out of sequence order
            load(Math.max(0, maxSeq - 256), false);
        }
        return index.search(agentId, search, narrow).stream().map(h -> new Key(h.seq(), null)).toList();
    }

    @Override
    public VectorIndex index() {
        return index;
    }

    @Override
    public String describe() {
        return "in-process int8 index" + (VectorIndex.simd() ? " (Vector API)" : " (scalar)") + ", float32 rescoring from the database";
    }
}
