package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where long-term vectors are searched: the in-process index, pgvector, or a LangChain4j embedding
 * store. A backend only proposes candidates; {@link Recall} rescores them exactly with the float32
 * vectors stored in the memories table.
 */
interface VectorBackend {
    /** A memory with its vector and its database sequence number (0 until stored). */
    record Row(MemoryItem item, String hash, float[] vector, long seq) {
        /** This row with its sequence number. */
        Row withSeq(long s) {
            return new Row(item, hash, vector, s);
        }
    }

    /** A stored memory: its database sequence number (0 when unknown) and its id (null when unknown). */
    record Key(long seq, String id) {}

    /** Writes rows (with their sequence numbers) inside the memory insert transaction. */
    default void write(Connection c, List<Row> rows) throws SQLException {}

    /**
     * Whether a memory may be committed first and its vector written later: false for a backend
     * that picks up other nodes' rows by sequence number, which would miss a vector added later.
     */
    default boolean acceptsLateVectors() {
        return true;
    }

    /** Called after the rows were committed, under the store lock. */
    void committed(List<Row> rows);

    /** Called after memories were deleted, under the store lock. */
    void deleted(String agentId, List<Key> keys);

    /** Forgets everything (before a full re-embedding). */
    void reset(Connection c) throws SQLException;

    /** Up to {@code narrow} candidates among one agent's memories, best first by this backend's measure. */
    List<Key> candidates(String agentId, VectorIndex.Search search, int narrow);

    /** The in-process index, if this backend is one. */
    default VectorIndex index() {
        return null;
    }

    /** A description for logs. */
    String describe();
}
