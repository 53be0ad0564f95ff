package dev.agentry.memory;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * The embedding model a store uses when its builder was given none
 * ({@link AgentryStoreBuilder#embeddingModel}). Providers are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.agentry.memory.EmbeddingModelProvider});
 * the artifact {@code dev.agentry:agent-embeddings-minilm} provides the in-process
 * all-MiniLM-L6-v2. With no provider on the class path, opening a store without a model fails with
 * a message naming that artifact; with several, it fails naming them all, and the application
 * chooses one with {@link AgentryStoreBuilder#embeddingModel}.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe;
 * {@link LoadingModelProvider} loads an in-process model in the background.
 */
public interface EmbeddingModelProvider {

    /**
     * Returns the model's name, stored in the database so that opening it later with another model
     * is detected.
     *
     * @return the name, not blank
     */
    String name();

    /**
     * Creates the model. It may load in the background, but its {@link EmbeddingModel#dimension()}
     * must answer at once, without waiting for the load.
     *
     * @return the model
     */
    EmbeddingModel create();

}
