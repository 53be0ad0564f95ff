package dev.agentry.memory.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** An embedding model loaded by a background thread from its creation on; calls wait for the load, the dimension does not. */
public final class BackgroundLoadedModel implements EmbeddingModel {
    private final String name;
    private final int dimension;
    private final CompletableFuture<EmbeddingModel> loaded = new CompletableFuture<>();

    /** Starts loading now, in a daemon thread. */
    public BackgroundLoadedModel(String name, int dimension, Supplier<EmbeddingModel> load) {
        this.name = name;
        this.dimension = dimension;
        Thread.ofPlatform().daemon().name("agentry-load-" + name).start(() -> {
            try {
                loaded.complete(load.get());
            } catch (RuntimeException | LinkageError e) {
                loaded.completeExceptionally(e);
            }
        });
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return model().embedAll(segments);
    }

    private EmbeddingModel model() {
        try {
            return loaded.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the embedding model " + name + " could not be loaded: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public String toString() {
        return name + (loaded.isDone() ? "" : " (loading)");
    }
}
