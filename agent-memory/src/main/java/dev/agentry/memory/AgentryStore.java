package dev.agentry.memory;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.memory.internal.StoreOpener;
import dev.agentry.memory.internal.StoreConfig;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
 * {@link #remember}/{@link #rememberAll} queue them and return; a writer thread embeds the queued
 * texts in batches and commits them in order. Every read of an agent's memories first waits for
 * that agent's queued writes, {@link #complete}, {@link #finishTurn} and {@link #deadLetter} wait
 * for them before completing the event (so an event is never completed before the memories of its
 * turn are durable), and {@link #flush()} waits for all of them. A write that failed is reported
 * by the agent's next read, completion or flush. All methods are thread-safe.
 *
 * <p>Recall is hybrid: candidates by meaning (the vector index) and by words (SQLite FTS5,
 * PostgreSQL full-text search) are rescored with their float32 vectors and fused, so exact words and
 * names are found even when the embedding misses them.
 *
 * <p>The schema is created and migrated on open. The embedding model's name and dimension are
 * stored; opening with another model fails unless {@link Builder#reembedIfModelChanged()} is set.
 * Without {@link Builder#embeddingModel}, the store uses the model of the one
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
    static Builder builder() {
        return new Builder();
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
     * Claims an agent for this handle, in cluster mode (built with {@link Builder#fencing(String)}):
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

    /**
     * Configures and opens an {@link AgentryStore}. Each setting may be given once; a repeated or
     * invalid setting fails immediately with a message naming it. Not thread-safe.
     */
    final class Builder {
        private final StoreConfig config = new StoreConfig();

        Builder() {}

        /**
         * Uses a SQLite database file.
         *
         * @param file the file; its folder must exist
         * @return this builder
         */
        public Builder sqlite(Path file) {
            Objects.requireNonNull(file, "file");
            config.once("database");
            config.sqliteFile = file.toAbsolutePath();
            return this;
        }

        /**
         * Uses a PostgreSQL database (15 or later). pgvector is used for vectors when the extension
         * is available, unless disabled with {@link #pgvector(boolean)}; otherwise vectors are
         * stored as bytes and searched in process.
         *
         * @param jdbcUrl the JDBC URL, for example {@code jdbc:postgresql://db:5432/agents}
         * @param user the user
         * @param password the password (never logged nor put in messages)
         * @return this builder
         */
        public Builder postgres(String jdbcUrl, String user, String password) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("postgres jdbcUrl must start with jdbc:postgresql:, was " + jdbcUrl.split("\\?")[0]);
            }
            config.once("database");
            config.jdbcUrl = jdbcUrl;
            config.user = user;
            config.password = password;
            return this;
        }

        /**
         * Uses or ignores pgvector on PostgreSQL (default: use it when available).
         *
         * @param use whether to use pgvector
         * @return this builder
         */
        public Builder pgvector(boolean use) {
            config.once("pgvector");
            config.pgvector = use;
            return this;
        }

        /**
         * Uses an embedding model instead of the one an {@link EmbeddingModelProvider} on the class
         * path supplies. Its calls run on one thread of the store, batching the texts that wait.
         *
         * @param model the model
         * @param name the name stored in the database to detect model changes
         * @return this builder
         */
        public Builder embeddingModel(EmbeddingModel model, String name) {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("embeddingModel name must not be blank, was '" + name + "'");
            }
            config.once("embeddingModel");
            config.embeddingModel = model;
            config.embeddingModelName = name;
            return this;
        }

        /**
         * Re-embeds all memories on open when the stored model differs from the configured one,
         * instead of failing.
         *
         * @return this builder
         */
        public Builder reembedIfModelChanged() {
            config.once("reembedIfModelChanged");
            config.reembedIfModelChanged = true;
            return this;
        }

        /**
         * Sets the recall weights (default {@link RecallWeights#defaults()}).
         *
         * @param weights the weights
         * @return this builder
         */
        public Builder recallWeights(RecallWeights weights) {
            Objects.requireNonNull(weights, "weights");
            config.once("recallWeights");
            config.weights = weights;
            return this;
        }

        /**
         * Sizes the short-term cache (default 10,000 conversations of up to 8,192 tokens each).
         *
         * @param conversations conversations kept, 0 to disable the cache
         * @param tokensPerConversation tokens of recent messages kept per conversation
         * @return this builder
         */
        public Builder recentCache(int conversations, int tokensPerConversation) {
            if (conversations < 0 || tokensPerConversation < 1) {
                throw new IllegalArgumentException("recentCache needs conversations >= 0 and tokensPerConversation >= 1, was "
                        + conversations + ", " + tokensPerConversation);
            }
            config.once("recentCache");
            config.cacheConversations = conversations;
            config.cacheTokens = tokensPerConversation;
            return this;
        }

        /**
         * Keeps long-term vectors in a LangChain4j embedding store instead of the built-in index.
         * Memories are still stored in the database; the embedding store receives id, vector and
         * metadata ({@code agentId}, {@code kind}, {@code conversation}) after each commit.
         *
         * @param store the embedding store
         * @return this builder
         */
        public Builder embeddingStore(EmbeddingStore<TextSegment> store) {
            Objects.requireNonNull(store, "store");
            config.once("embeddingStore");
            config.embeddingStore = store;
            return this;
        }

        /**
         * Sets the summariser used when retention compacts old messages (default: joins
         * "author: text" lines, truncated to about 400 tokens).
         *
         * @param summarizer from the compacted messages (oldest first) to the summary text
         * @return this builder
         */
        public Builder summarizer(Function<List<MemoryItem>, String> summarizer) {
            Objects.requireNonNull(summarizer, "summarizer");
            config.once("summarizer");
            config.summarizer = summarizer;
            return this;
        }

        /**
         * Turns on reflection: every {@code everyMessages} messages of a conversation, one call to
         * the model asks for durable facts (JSON lines), stored as {@link MemoryItem.Kind#FACT}.
         * The call runs in a virtual thread of its own once the last message was committed;
         * {@link AgentryStore#flush()} waits for it. Off by default.
         *
         * @param model the chat model
         * @param everyMessages messages between reflections, at least 2
         * @return this builder
         */
        public Builder reflection(ChatModel model, int everyMessages) {
            Objects.requireNonNull(model, "model");
            if (everyMessages < 2) {
                throw new IllegalArgumentException("reflection everyMessages must be at least 2, was " + everyMessages);
            }
            config.once("reflection");
            config.reflectionModel = model;
            config.reflectionEvery = everyMessages;
            return this;
        }

        /**
         * Fences the journal for cluster mode (PostgreSQL only): writes for an agent this handle has
         * not {@link AgentryStore#claim claimed} at its current epoch are refused. Off by default.
         *
         * @param owner names this handle (a node id) in the epochs table and in refusals
         * @return this builder
         */
        public Builder fencing(String owner) {
            Objects.requireNonNull(owner, "owner");
            if (owner.isBlank()) {
                throw new IllegalArgumentException("fencing owner must not be blank, was '" + owner + "'");
            }
            config.once("fencing");
            config.fencingOwner = owner;
            return this;
        }

        /**
         * Opens the store: connects, migrates the schema, checks the embedding model and loads the
         * vector index.
         *
         * @return the open store
         * @throws IllegalStateException if no database was chosen, fencing was asked of SQLite, or no embedding
         *     model was given and not exactly one {@link EmbeddingModelProvider} is on the class path
         * @throws MemoryStoreException if the database cannot be opened, migrated or was embedded with another model
         */
        public AgentryStore build() {
            if (config.sqliteFile == null && config.jdbcUrl == null) {
                throw new IllegalStateException("choose a database with sqlite(Path) or postgres(url, user, password)");
            }
            return StoreOpener.open(config);
        }
    }
}
