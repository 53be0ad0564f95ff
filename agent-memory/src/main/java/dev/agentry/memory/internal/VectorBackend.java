package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Where long-term vectors are searched: the in-process index, pgvector, or a LangChain4j embedding store. */
interface VectorBackend {
    /** A memory with its vector. */
    record Row(MemoryItem item, String hash, float[] vector) {}

    /** Writes rows inside the memory insert transaction. */
    default void write(Connection c, List<Row> rows) throws SQLException {}

    /** Called after the rows were committed, under the store lock. */
    void committed(List<Row> rows);

    /** Called after memories were deleted, under the store lock. */
    void deleted(String agentId, Collection<String> ids);

    /** Forgets everything (before a full re-embedding). */
    void reset(Connection c) throws SQLException;

    /** Searches one agent's vectors, best first. */
    List<VectorIndex.Hit> search(String agentId, VectorIndex.Search search);

    /** The in-process index, if this backend is one. */
    default VectorIndex index() {
        return null;
    }

    /** A description for logs. */
    String describe();
}
