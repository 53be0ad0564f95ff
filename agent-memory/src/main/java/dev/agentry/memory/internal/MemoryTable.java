package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The SQL of the {@code memories} table: rows in and out, nothing else (no cache, no vectors in memory). Thread-safe. */
final class MemoryTable {
    static final String COLUMNS = "id, agent_id, kind, conversation, author, text, importance, created_at, metadata";
    private final Db db;

    MemoryTable(Db db) {
        this.db = db;
    }

    static MemoryItem item(ResultSet rs) throws SQLException {
        return new MemoryItem(rs.getString(1), rs.getString(2), MemoryItem.Kind.valueOf(rs.getString(3)), Optional.ofNullable(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getDouble(7), Times.fromNanos(rs.getLong(8)), Codec.mapFromJson(rs.getString(9)));
    }

    /** A stored memory read for recall: its sequence number, float32 vector (null when it has none) and fields, metadata as JSON. */
    record Stored(long seq, float[] vector, String id, String agentId, String kind, String conversation, String author, String text,
            double importance, long createdNanos, String metadataJson) {
        /** The memory (its metadata parsed now: recall builds only the ones it returns). */
        MemoryItem item() {
            return new MemoryItem(id, agentId, MemoryItem.Kind.valueOf(kind), Optional.ofNullable(conversation), author, text, importance,
                    Times.fromNanos(createdNanos), Codec.mapFromJson(metadataJson));
        }
    }

    /**
     * Inserts or replaces rows with their text hash and vector, inside the caller's transaction;
     * returns the rows with their sequence numbers (a replaced row keeps its number).
     */
    static List<VectorBackend.Row> upsert(Connection c, List<VectorBackend.Row> rows, List<Object[]> params) throws SQLException {
        PreparedStatement p = Statements.prepared(c, "INSERT INTO memories(" + COLUMNS + ", text_hash, embedding)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET agent_id = excluded.agent_id,"
                + " kind = excluded.kind, conversation = excluded.conversation, author = excluded.author, text = excluded.text,"
                + " importance = excluded.importance, created_at = excluded.created_at, metadata = excluded.metadata,"
                + " text_hash = excluded.text_hash, embedding = excluded.embedding");
        for (Object[] row : params) {
            Db.bind(p, row);
            p.addBatch();
        }
        p.executeBatch();
        Map<String, Long> seqs = new HashMap<>();
        for (List<String> chunk : chunks(rows.stream().map(r -> r.item().id()).distinct().toList())) {
            for (VectorBackend.Key k : Db.list(c, "SELECT seq, id FROM memories WHERE id IN (" + marks(chunk.size()) + ")",
                    rs -> new VectorBackend.Key(rs.getLong(1), rs.getString(2)), chunk.toArray())) {
                seqs.put(k.id(), k.seq());
            }
        }
        return rows.stream().map(r -> r.withSeq(seqs.get(r.item().id()))).toList();
    }

    /** The parameters of {@link #upsert} for rows, encoded before the transaction (metadata as JSON, vectors as bytes). */
    static List<Object[]> upsertParams(List<VectorBackend.Row> rows) {
        List<Object[]> out = new ArrayList<>(rows.size());
        for (VectorBackend.Row r : rows) {
            MemoryItem i = r.item();
            out.add(new Object[] {i.id(), i.agentId(), i.kind().name(), i.conversation().orElse(null), i.author(), i.text(), i.importance(),
                Times.toNanos(i.createdAt()), Codec.mapToJson(i.metadata()), r.hash(), r.vector() == null ? TypedNull.BYTES : Embedder.toBytes(r.vector())});
        }
        return out;
    }

    /** Replaces the stored vectors of rows (a re-embedding), inside the caller's transaction. */
    static void updateVectors(Connection c, List<VectorBackend.Row> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE memories SET embedding = ? WHERE id = ?")) {
            for (VectorBackend.Row r : rows) {
                Db.bind(p, Embedder.toBytes(r.vector()), r.item().id());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Stores the vectors of rows stored without them, inside the caller's transaction, where the
     * row still has the same text; returns the rows whose vector was stored.
     */
    static List<VectorBackend.Row> fillVectors(Connection c, List<VectorBackend.Row> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE memories SET embedding = ? WHERE id = ? AND text_hash = ?")) {
            for (VectorBackend.Row r : rows) {
                Db.bind(p, Embedder.toBytes(r.vector()), r.item().id(), r.hash());
                p.addBatch();
            }
            int[] updated = p.executeBatch();
            List<VectorBackend.Row> kept = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                if (updated[i] != 0) {
                    kept.add(rows.get(i));
                }
            }
            return kept;
        }
    }

    /** The stored memories that have no vector yet, as rows to embed (oldest first). */
    List<VectorBackend.Row> withoutVectors() {
        return db.list("listing memories without vectors", "SELECT " + COLUMNS + ", seq, text_hash FROM memories WHERE embedding IS NULL ORDER BY seq",
                rs -> new VectorBackend.Row(item(rs), rs.getString(11), null, rs.getLong(10)));
    }

    /** Deletes one agent's memories by id, inside the caller's transaction; returns the keys of those that existed. */
    static List<VectorBackend.Key> delete(Connection c, String agentId, Collection<String> ids) throws SQLException {
        List<VectorBackend.Key> found = new ArrayList<>();
        for (List<String> chunk : chunks(List.copyOf(ids))) {
            Object[] params = new Object[chunk.size() + 1];
            params[0] = agentId;
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 1] = chunk.get(i);
            }
            found.addAll(Db.list(c, "SELECT seq, id FROM memories WHERE agent_id = ? AND id IN (" + marks(chunk.size()) + ")",
                    rs -> new VectorBackend.Key(rs.getLong(1), rs.getString(2)), params));
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM memories WHERE seq = ?")) {
            for (VectorBackend.Key k : found) {
                Db.bind(p, k.seq());
                p.addBatch();
            }
            p.executeBatch();
        }
        return found;
    }

    /** The stored memories with these sequence numbers or ids, with their vectors. */
    List<Stored> stored(List<Long> seqs, List<String> ids) {
        List<Stored> out = new ArrayList<>();
        String select = "SELECT " + COLUMNS + ", seq, embedding FROM memories WHERE ";
        Db.Row<Stored> row = rs -> new Stored(rs.getLong(10), rs.getBytes(11) == null ? null : Embedder.fromBytes(rs.getBytes(11)), rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getLong(8), rs.getString(9));
        for (List<Long> chunk : chunks(seqs)) {
            out.addAll(db.list("reading recall candidates", select + "seq IN (" + marks(chunk.size()) + ")", row, chunk.toArray()));
        }
        for (List<String> chunk : chunks(ids)) {
            out.addAll(db.list("reading recall candidates", select + "id IN (" + marks(chunk.size()) + ")", row, chunk.toArray()));
        }
        return out;
    }

    /** Vectors already stored for text hashes, by hash. */
    Map<String, float[]> storedVectors(Collection<String> hashes) {
        Map<String, float[]> out = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(hashes))) {
            db.list("looking up stored vectors", "SELECT text_hash, embedding FROM memories WHERE text_hash IN (" + marks(chunk.size())
                    + ") AND embedding IS NOT NULL", rs -> {
                        out.putIfAbsent(rs.getString(1), Embedder.fromBytes(rs.getBytes(2)));
                        return null;
                    }, chunk.toArray());
        }
        return out;
    }

    /**
     * The values in chunks of at most 500, each padded (with its first value again) to 1, 4, 16, 64, 256 or
     * 500 values, so that {@code IN (...)} lists come in a few sizes whose statements stay prepared.
     */
    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 500) {
            List<T> chunk = new ArrayList<>(all.subList(from, Math.min(all.size(), from + 500)));
            int size = 1;
            while (size < chunk.size()) {
                size = Math.min(500, size * 4);
            }
            while (chunk.size() < size) {
                chunk.add(chunk.get(0));
            }
            out.add(chunk);
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    /** The memories with these ids, by id (missing ids are absent). */
    Map<String, MemoryItem> fetch(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, MemoryItem> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            for (MemoryItem item : db.list("reading memories", "SELECT " + COLUMNS + " FROM memories WHERE id IN (" + marks(chunk.size()) + ")",
                    MemoryTable::item, chunk.toArray())) {
                out.put(item.id(), item);
            }
        }
        return out;
    }

    /** Memories matching a WHERE clause (which may end with ORDER BY and LIMIT), in order. */
    List<MemoryItem> query(String what, String whereAndOrder, Object... params) {
        return db.list(what, "SELECT " + COLUMNS + " FROM memories WHERE " + whereAndOrder, MemoryTable::item, params);
    }

    /** Ids of the memories matching a WHERE clause, in order. */
    List<String> ids(String what, String whereAndOrder, Object... params) {
        return db.list(what, "SELECT id FROM memories WHERE " + whereAndOrder, rs -> rs.getString(1), params);
    }

    /** Counts an agent's memories. */
    long count(String agentId) {
        return db.first("counting memories of agent " + agentId, "SELECT COUNT(*) FROM memories WHERE agent_id = ?", rs -> rs.getLong(1), agentId)
                .orElse(0L);
    }

    /**
     * Reads a conversation's MESSAGE and SUMMARY memories newest first into {@code newestFirst} until
     * their cost passes {@code tokens}; returns whether the whole conversation was read.
     */
    boolean newestMessages(String agentId, String conversation, int tokens, List<MemoryItem> newestFirst) {
        return db.read("reading recent messages of agent " + agentId + " conversation " + conversation, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM memories WHERE agent_id = ? AND conversation = ?"
                    + " AND kind IN ('MESSAGE', 'SUMMARY') ORDER BY created_at DESC, seq DESC")) {
                p.setFetchSize(64);
                Db.bind(p, agentId, conversation);
                try (ResultSet rs = p.executeQuery()) {
                    int read = 0;
                    while (rs.next()) {
                        MemoryItem item = item(rs);
                        newestFirst.add(item);
                        read += RecentCache.cost(item);
                        if (read > tokens) {
                            return false;
                        }
                    }
                    return true;
                }
            }
        });
    }

    /** The newest memory of an agent, of these kinds (all if empty) and created at or after a time, whose text passes a test. */
    Optional<MemoryItem> newestMatching(String agentId, Set<MemoryItem.Kind> kinds, long sinceNanos, Predicate<String> text) {
        String kindFilter = kinds.isEmpty() ? ""
                : " AND kind IN (" + kinds.stream().map(k -> "'" + k.name() + "'").collect(Collectors.joining(",")) + ")";
        Optional<String> id = db.read("comparing texts of agent " + agentId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, text FROM memories WHERE agent_id = ? AND created_at >= ?" + kindFilter
                    + " ORDER BY created_at DESC, seq DESC")) {
                p.setFetchSize(256);
                Db.bind(p, agentId, sinceNanos);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        if (text.test(rs.getString(2))) {
                            return Optional.of(rs.getString(1));
                        }
                    }
                    return Optional.<String>empty();
                }
            }
        });
        return id.map(i -> fetch(List.of(i)).get(i));
    }
}
