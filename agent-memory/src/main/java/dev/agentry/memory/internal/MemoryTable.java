package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** Inserts or replaces rows with their text hash and vector, inside the caller's transaction. */
    static void upsert(Connection c, List<VectorBackend.Row> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO memories(" + COLUMNS + ", text_hash, embedding)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET agent_id = excluded.agent_id,"
                + " kind = excluded.kind, conversation = excluded.conversation, author = excluded.author, text = excluded.text,"
                + " importance = excluded.importance, created_at = excluded.created_at, metadata = excluded.metadata,"
                + " text_hash = excluded.text_hash, embedding = excluded.embedding")) {
            for (VectorBackend.Row r : rows) {
                MemoryItem i = r.item();
                Db.bind(p, i.id(), i.agentId(), i.kind().name(), i.conversation().orElse(null), i.author(), i.text(), i.importance(),
                        Times.toNanos(i.createdAt()), Codec.mapToJson(i.metadata()), r.hash(), Embedder.toBytes(r.vector()));
                p.addBatch();
            }
            p.executeBatch();
        }
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

    /** Deletes one agent's memories by id, inside the caller's transaction. */
    static void delete(Connection c, String agentId, Collection<String> ids) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM memories WHERE id = ? AND agent_id = ?")) {
            for (String id : ids) {
                Db.bind(p, id, agentId);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The memories with these ids, by id (missing ids are absent). */
    Map<String, MemoryItem> fetch(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        Map<String, MemoryItem> out = new HashMap<>();
        for (MemoryItem item : db.list("reading memories", "SELECT " + COLUMNS + " FROM memories WHERE id IN (" + marks + ")",
                MemoryTable::item, ids.toArray())) {
            out.put(item.id(), item);
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

    /** A vector already stored for a text hash, if any. */
    Optional<float[]> storedVector(String hash) {
        return db.first("looking up a stored vector", "SELECT embedding FROM memories WHERE text_hash = ? AND embedding IS NOT NULL LIMIT 1",
                rs -> Embedder.fromBytes(rs.getBytes(1)), hash);
    }

    /**
     * Reads a conversation's MESSAGE and SUMMARY memories newest first into {@code newestFirst} until
     * their cost passes {@code tokens}; returns whether the whole conversation was read.
     */
    boolean newestMessages(String agentId, String conversation, int tokens, List<MemoryItem> newestFirst) {
        return db.run("reading recent messages of agent " + agentId + " conversation " + conversation, c -> {
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
        Optional<String> id = db.run("comparing texts of agent " + agentId, c -> {
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
