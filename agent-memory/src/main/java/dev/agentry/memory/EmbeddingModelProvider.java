package dev.agentry.memory;

import dev.agentry.memory.internal.BackgroundLoadedModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The embedding model a store uses when its builder was given none
 * ({@link AgentryStore.Builder#embeddingModel}). Providers are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.agentry.memory.EmbeddingModelProvider});
 * the artifact {@code dev.agentry:agent-embeddings-minilm} provides the in-process
 * all-MiniLM-L6-v2. With no provider on the class path, opening a store without a model fails with
 * a message naming that artifact; with several, it fails naming them all, and the application
 * chooses one with {@link AgentryStore.Builder#embeddingModel}.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
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

    /**
     * Returns a model that loads in a background thread started now, for {@link #create()}: its
     * dimension answers at once, its first embedding waits for the load, and a load that failed
     * fails every embedding with an {@link IllegalStateException} naming the model and the cause.
     *
     * @param name the model's name, for messages
     * @param dimension the model's vector dimension
     * @param load loads the model (for example a LangChain4j in-process model's constructor)
     * @return the model, loading
     */
    static EmbeddingModel loadedInBackground(String name, int dimension, Supplier<EmbeddingModel> load) {
        return new BackgroundLoadedModel(Objects.requireNonNull(name, "name"), dimension, Objects.requireNonNull(load, "load"));
    }
}
