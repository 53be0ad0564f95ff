package dev.agentry.memory;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A durable store for agents: their {@link Memory} (short-term conversation windows cached in
 * memory, long-term memories with embeddings), their {@link Journal} (inbox, turns, effects, dead
 * letters) and feed {@link CursorStore cursors}, in one SQLite file or one PostgreSQL database.
 * It is a bundle: a journal store, a memory store and a cursor store, each doing one thing over one
 * shared database handle, with knowledge ingestion, retention, reflection and re-embedding as
 * collaborators of the memory store.
 *
 * <p>Journal and cursor writes have been committed when their method returns (SQLite: WAL with
 * {@code synchronous=FULL}, so they survive kill -9 and power loss); the writes of concurrent agents
 * share one transaction and one fsync (group commit). Memories are written in the background:
 * {@link #remember}/{@link #rememberAll} queue them and return; a writer thread commits the queued
 * memories in order, and a second one embeds the texts whose vectors are not known yet in batches
 * and stores their vectors after them (with a slow model, such as an in-process neural one). Every
 * read of an agent's memories first waits for that agent's queued writes and their vectors;
 * {@link #complete}, {@link #finishTurn} and {@link #deadLetter} wait for the memories' commit, not
 * for their vectors, before completing the event (an event is never completed before the memories
 * of its turn are durable; a vector a crash prevented is computed when the store opens again), and
 * {@link #flush()} waits for everything. A write that failed is reported
 * by the agent's next read, completion or flush. All methods are thread-safe.
 *
 * <p>Recall is hybrid: candidates by meaning (the vector index) and by words (SQLite FTS5,
 * PostgreSQL full-text search) are rescored with their float32 vectors and fused, so exact words and
 * names are found even when the embedding misses them.
 *
 * <p>The schema is created and migrated on open. The embedding model's name and dimension are
 * stored; opening with another model fails unless {@link AgentryStoreBuilder#reembedIfModelChanged()} is set.
 * Without {@link AgentryStoreBuilder#embeddingModel}, the store uses the model of the one
 * {@link EmbeddingModelProvider} on the class path ({@code dev.agentry:agent-embeddings-minilm}: the
 * in-process all-MiniLM-L6-v2).
 *
 * <pre>{@code
 * try (AgentryStore store = AgentryStore.sqlite(Path.of("agents.db"))) {
 *     store.remember(MemoryItem.message("bot", "chat-1", "alice", "I love hiking"));
 *     List<MemoryItem> hits = store.recall(RecallQuery.of("bot", "what does alice enjoy?", 5));
 * }
 * }</pre>
 */
public interface AgentryStore extends Memory, Journal, CursorStore, AutoCloseable {

    /**
     * Opens (creating if needed) a SQLite store with the embedding model found on the class path
     * (see {@link EmbeddingModelProvider}; {@code dev.agentry:agent-embeddings-minilm} provides the
     * in-process all-MiniLM-L6-v2).
     *
     * @param file the database file; its folder must exist
     * @return the open store
     * @throws MemoryStoreException if the file cannot be opened or migrated
     * @throws IllegalStateException if no embedding model, or more than one, is on the class path
     */
    static AgentryStore sqlite(Path file) {
        return builder().sqlite(file).build();
    }

    /**
     * Returns a builder for a store.
     *
     * @return a new builder
     */
    static AgentryStoreBuilder builder() {
        return new AgentryStoreBuilder();
    }

    /**
     * Recalls memories with their scores, optionally limited to a creation-time range.
     *
     * @param query what to look for
     * @param range the creation times accepted
     * @return the memories, best first, within the query's limit and token budget
     */
    List<ScoredMemory> search(RecallQuery query, TimeRange range);

    /**
     * Returns a memory by id.
     *
     * @param id the memory id
     * @return the memory, if stored
     */
    Optional<MemoryItem> memory(String id);

    /**
     * Deletes a memory.
     *
     * @param id the memory id
     * @return {@code true} if it existed
     */
    boolean forget(String id);

    /**
     * Counts an agent's memories.
     *
     * @param agentId the agent
     * @return the number of memories
     */
    long count(String agentId);

    /**
     * {@inheritDoc}
     *
     * <p>Here: the newest item of those kinds since {@code since} whose text is equal after
     * normalisation (lower case, links removed, punctuation and spacing ignored) scores 1.0;
     * otherwise the item with the highest cosine similarity of the embeddings, clamped to [0, 1].
     * The exact comparison reads the texts of the agent's items of those kinds since
     * {@code since}, so keep the window narrow (days, not years) on large stores.
     *
     * @param agentId the agent
     * @param text the text to compare
     * @param kinds the kinds to search, all if empty
     * @param since the earliest creation time
     * @return the most similar item, empty when the agent has no item of those kinds in the window
     */
    @Override
    Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since);

    /**
     * Ingests a folder of {@code .txt} and {@code .md} files (recursively) as {@link MemoryItem.Kind#KNOWLEDGE}:
     * split by headings and paragraphs into chunks of about 200 tokens with overlap, embedded and
     * stored. A file whose content hash is unchanged since the last ingestion is skipped; a changed
     * file's old chunks are replaced.
     *
     * @param agentId the agent the knowledge belongs to
     * @param folder the folder
     * @param listener progress, called once per file
     * @return what was done
     * @throws MemoryStoreException if the folder cannot be read (the message names it)
     */
    IngestListener.Report ingest(String agentId, Path folder, IngestListener listener);

    /**
     * Applies a retention policy to one agent: compacts old conversation messages into summaries,
     * deletes memories past their age and enforces the cap.
     *
     * @param agentId the agent
     * @param policy what to keep
     * @return what was done
     */
    RetentionPolicy.Report applyRetention(String agentId, RetentionPolicy policy);

    /**
     * Returns a LangChain4j chat memory store over this store's short-term memory: a memory id is a
     * conversation of the agent. Messages are stored as {@link MemoryItem.Kind#MESSAGE} memories
     * with their type in metadata; tool-call details are not kept (text only).
     *
     * @param agentId the agent whose conversations it serves
     * @return the adapter
     */
    ChatMemoryStore chatMemoryStore(String agentId);

    /**
     * Re-embeds every memory with this store's current model and records the model in the database.
     *
     * @param progress called with the number of memories done so far
     * @return the number of memories re-embedded
     */
    int reembed(IntConsumer progress);

    /**
     * Runs reflection now for a conversation (if a reflection model is configured): one model call
     * over the conversation's recent messages, its facts stored as {@link MemoryItem.Kind#FACT}.
     *
     * @param agentId the agent
     * @param conversation the conversation
     * @return the facts stored (empty without a reflection model)
     */
    List<MemoryItem> reflect(String agentId, String conversation);

    /**
     * Claims an agent for this handle, in cluster mode (built with {@link AgentryStoreBuilder#fencing(String)}):
     * raises the agent's epoch in the database and holds it. This handle's journal writes for the
     * agent (accepting and completing events, effects, dead letters) check it in their own
     * transaction; after another handle's claim they fail with
     * {@link dev.agentry.core.FencedException} and write nothing. Memory writes are not fenced.
     *
     * @param agentId the agent
     * @return the new epoch (1 for an agent never claimed before)
     * @throws IllegalStateException if the store was not built with fencing
     */
    long claim(String agentId);

    /**
     * Gives up this handle's claim: its later journal writes for the agent are refused.
     *
     * @param agentId the agent
     */
    void release(String agentId);

    /**
     * Waits until every memory queued so far is committed, and the reflections those writes
     * started have finished (their facts committed too).
     *
     * @throws MemoryStoreException if a memory write failed since the last report of it
     */
    void flush();

    /**
     * Stores what is queued, then closes the database connection. Further calls fail.
     */
    @Override
    void close();
}
