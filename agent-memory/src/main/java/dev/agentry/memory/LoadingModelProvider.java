package dev.agentry.memory;

import dev.agentry.memory.internal.BackgroundLoadedModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An {@link EmbeddingModelProvider} whose model loads in a background thread started by
 * {@link #create()}: the model's dimension answers at once, its first embedding waits for the load,
 * and a load that failed fails every embedding with an {@link IllegalStateException} naming the
 * model and the cause. For in-process models (a LangChain4j ONNX model's constructor reads and
 * prepares tens of megabytes). A subclass needs a public no-argument constructor for
 * {@link java.util.ServiceLoader}. Thread-safe.
 */
public abstract class LoadingModelProvider implements EmbeddingModelProvider {
    private final String name;
    private final int dimension;
    private final Supplier<EmbeddingModel> load;

    /**
     * Creates the provider.
     *
     * @param name the model's name, stored in the database
     * @param dimension the model's vector dimension
     * @param load loads the model (for example a LangChain4j in-process model's constructor)
     * @throws IllegalArgumentException if the name is blank or the dimension not positive
     */
    protected LoadingModelProvider(String name, int dimension, Supplier<EmbeddingModel> load) {
        this.name = Objects.requireNonNull(name, "name");
        this.load = Objects.requireNonNull(load, "load");
        if (name.isBlank() || dimension < 1) {
            throw new IllegalArgumentException("a model provider needs a name and a positive dimension, was '" + name + "', " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public final String name() {
        return name;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: a new model whose load starts now in a daemon thread.
     */
    @Override
    public final EmbeddingModel create() {
        return new BackgroundLoadedModel(name, dimension, load);
    }
}
