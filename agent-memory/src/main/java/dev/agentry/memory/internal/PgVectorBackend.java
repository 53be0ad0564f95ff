package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Vectors in a pgvector {@code vector(N)} column with an HNSW cosine index; candidates are re-ranked with the blended score. */
final class PgVectorBackend implements VectorBackend {
    private final Db db;

    private PgVectorBackend(Db db) {
        this.db = db;
    }

    /** Returns the backend if the vector extension can be created, else null. */
    static PgVectorBackend tryOpen(Db db, int dimension, String modelName) {
        boolean available = db.run("checking pgvector", c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
                return rs.next();
            }
        });
        if (!available) {
            return null;
        }
        db.tx("creating pgvector table", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS vector");
                String stored = null;
                String wanted = modelName + ":" + dimension;
                try (ResultSet rs = s.executeQuery("SELECT value FROM store_meta WHERE key = 'pgvector.model'")) {
                    if (rs.next()) {
                        stored = rs.getString(1);
                    }
                }
                if (stored != null && !stored.equals(wanted)) {
                    s.execute("DROP TABLE IF EXISTS memory_vectors");
                }
                s.execute("CREATE TABLE IF NOT EXISTS memory_vectors(id TEXT PRIMARY KEY REFERENCES memories(id) ON DELETE CASCADE,"
                        + " agent_id TEXT NOT NULL, kind TEXT NOT NULL, conversation TEXT, created_at BIGINT NOT NULL,"
                        + " importance DOUBLE PRECISION NOT NULL, embedding vector(" + dimension + ") NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS memory_vectors_hnsw ON memory_vectors USING hnsw (embedding vector_cosine_ops)");
                s.execute("CREATE INDEX IF NOT EXISTS memory_vectors_agent ON memory_vectors(agent_id, kind)");
                Db.putMeta(c, "pgvector.model", wanted);
                if (stored == null || !stored.equals(wanted)) {
                    // vectors written before pgvector was used (or with another dimension)
                    backfill(c, dimension);
                }
            }
            return null;
        });
        db.run("tuning pgvector search", c -> {
            try (Statement s = c.createStatement()) {
                // filtered HNSW scans: look further, and keep scanning until enough rows pass the filters (pgvector 0.8+)
                s.execute("SET hnsw.ef_search = 200");
                try {
                    s.execute("SET hnsw.iterative_scan = relaxed_order");
                } catch (SQLException older) {
                    // pgvector before 0.8: no iterative scans
                }
            }
            return null;
        });
        return new PgVectorBackend(db);
    }

    private static void backfill(Connection c, int dimension) throws SQLException {
        List<VectorBackend.Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, agent_id, kind, conversation, created_at, importance, embedding FROM memories"
                        + " WHERE embedding IS NOT NULL")) {
            while (rs.next()) {
                float[] v = Embedder.fromBytes(rs.getBytes(7));
                if (v.length != dimension) {
                    continue;
                }
                MemoryItem item = new MemoryItem(rs.getString(1), rs.getString(2), MemoryItem.Kind.valueOf(rs.getString(3)),
                        java.util.Optional.ofNullable(rs.getString(4)), "", "", rs.getDouble(6), Times.fromNanos(rs.getLong(5)), java.util.Map.of());
                rows.add(new VectorBackend.Row(item, "", v, 0));
            }
        }
        insert(c, rows);
    }

    static String literal(float[] v) {
        StringBuilder b = new StringBuilder(v.length * 10).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(v[i]);
        }
        return b.append(']').toString();
    }

    private static void insert(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO memory_vectors(id, agent_id, kind, conversation, created_at, importance, embedding)"
                + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS vector)) ON CONFLICT(id) DO UPDATE SET agent_id = excluded.agent_id, kind = excluded.kind,"
                + " conversation = excluded.conversation, created_at = excluded.created_at, importance = excluded.importance,"
                + " embedding = excluded.embedding")) {
            for (Row r : rows) {
                MemoryItem i = r.item();
                p.setString(1, i.id());
                p.setString(2, i.agentId());
                p.setString(3, i.kind().name());
                p.setString(4, i.conversation().orElse(null));
                p.setLong(5, Times.toNanos(i.createdAt()));
                p.setDouble(6, i.importance());
                p.setString(7, literal(r.vector()));
                p.executeUpdate();
            }
        }
    }

    @Override
    public void write(Connection c, List<Row> rows) throws SQLException {
        insert(c, rows);
    }

    @Override
    public void committed(List<Row> rows) {}

    @Override
    public void deleted(String agentId, List<Key> keys) {
        // ON DELETE CASCADE
    }

    @Override
    public void reset(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM memory_vectors");
        }
    }

    @Override
    public List<Key> candidates(String agentId, VectorIndex.Search s, int narrow) {
        StringBuilder sql = new StringBuilder("SELECT id FROM memory_vectors WHERE agent_id = ?");
        if (s.kindMask() != -1) {
            sql.append(" AND kind IN (").append(s.kindList()).append(")");
        }
        if (s.conversation() != null) {
            sql.append(" AND conversation = ?");
        }
        sql.append(" AND created_at >= ? AND created_at <= ? ORDER BY embedding <=> CAST(? AS vector) LIMIT ?");
        return db.run("pgvector search for agent " + agentId, c -> {
            List<Key> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                int i = 1;
                p.setString(i++, agentId);
                if (s.conversation() != null) {
                    p.setString(i++, s.conversation());
                }
                p.setLong(i++, s.fromNanos());
                p.setLong(i++, s.toNanos());
                p.setString(i++, literal(s.query()));
                // cosine order only: more candidates than wanted, the blended score re-ranks them
                p.setInt(i, Math.max(narrow, 50));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Key(0, rs.getString(1)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public String describe() {
        return "pgvector HNSW";
    }
}
