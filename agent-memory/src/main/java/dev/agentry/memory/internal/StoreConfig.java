package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.agentry.memory.RecallWeights;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Mutable settings collected by the public builder. */
public final class StoreConfig {
    private final Set<String> given = new HashSet<>();
    /** SQLite file. */
    public Path sqliteFile;
    /** PostgreSQL URL, user, password. */
    public String jdbcUrl;
    /** PostgreSQL user. */
    public String user;
    /** PostgreSQL password. */
    public String password;
    /** Use pgvector when available. */
    public boolean pgvector = true;
    /** Embedding model. */
    public EmbeddingModel embeddingModel;
    /** Its name. */
    public String embeddingModelName;
    /** Re-embed on model change. */
    public boolean reembedIfModelChanged;
    /** Recall weights. */
    public RecallWeights weights = RecallWeights.defaults();
    /** Short-term cache size. */
    public int cacheConversations = 10_000;
    /** Tokens per cached conversation. */
    public int cacheTokens = 8_192;
    /** External vector store. */
    public EmbeddingStore<TextSegment> embeddingStore;
    /** Summariser. */
    public Function<List<MemoryItem>, String> summarizer;
    /** Reflection model. */
    public ChatModel reflectionModel;
    /** Reflection period. */
    public int reflectionEvery;
    /** The node name of a fenced journal (cluster mode); null: not fenced. */
    public String fencingOwner;

    /** Fails if a setting was given before. */
    public void once(String setting) {
        if (!given.add(setting)) {
            throw new IllegalStateException(setting + " was already set on this builder");
        }
    }
}
