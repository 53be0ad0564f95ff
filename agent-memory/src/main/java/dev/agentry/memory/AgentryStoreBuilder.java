package dev.agentry.memory;

import dev.agentry.core.MemoryItem;
import dev.agentry.memory.internal.StoreOpener;
import dev.agentry.memory.internal.StoreConfig;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Configures and opens an {@link AgentryStore}. Each setting may be given once; a repeated or
 * invalid setting fails immediately with a message naming it. Not thread-safe.
 */
public final class AgentryStoreBuilder {
    private final StoreConfig config = new StoreConfig();

    AgentryStoreBuilder() {}

    /**
     * Uses a SQLite database file.
     *
     * @param file the file; its folder must exist
     * @return this builder
     */
    public AgentryStoreBuilder sqlite(Path file) {
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
    public AgentryStoreBuilder postgres(String jdbcUrl, String user, String password) {
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
    public AgentryStoreBuilder pgvector(boolean use) {
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
    public AgentryStoreBuilder embeddingModel(EmbeddingModel model, String name) {
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
    public AgentryStoreBuilder reembedIfModelChanged() {
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
    public AgentryStoreBuilder recallWeights(RecallWeights weights) {
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
    public AgentryStoreBuilder recentCache(int conversations, int tokensPerConversation) {
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
    public AgentryStoreBuilder embeddingStore(EmbeddingStore<TextSegment> store) {
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
    public AgentryStoreBuilder summarizer(Function<List<MemoryItem>, String> summarizer) {
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
    public AgentryStoreBuilder reflection(ChatModel model, int everyMessages) {
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
    public AgentryStoreBuilder fencing(String owner) {
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
