package dev.agentry.embeddings.minilm;

import dev.agentry.embeddings.onnx.OnnxSentenceModel;
import dev.agentry.memory.LoadingModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * The in-process all-MiniLM-L6-v2 embedding model (384 dimensions, ONNX Runtime, no network), found
 * by agent-memory through {@link java.util.ServiceLoader}: with this artifact on the class path,
 * {@code AgentryStore.sqlite(path)} and builders given no embedding model use it.
 *
 * <p>The model runs with ONNX Runtime settings that share the CPU with the agents (no spin-waiting
 * worker threads; see {@link OnnxSentenceModel}). {@link #create()} returns at once:
 * the model (about 90 MB) loads in a background thread, and the first embedding waits for it. Its
 * name in the database is {@value #NAME}, the name stores used before this artifact existed, so
 * their vectors stay valid. Thread-safe.
 */
public final class MiniLmEmbeddings extends LoadingModelProvider {
    /** The model's name, as stored in the database. */
    public static final String NAME = "all-minilm-l6-v2";

    /** The provider (called by {@link java.util.ServiceLoader}). */
    public MiniLmEmbeddings() {
        super(NAME, 384, () -> OnnxSentenceModel.load(AllMiniLmL6V2EmbeddingModel.class, "all-minilm-l6-v2.onnx",
                "all-minilm-l6-v2-tokenizer.json", 384, PoolingMode.MEAN));
    }

    /**
     * Returns a new all-MiniLM-L6-v2 model that loads in the background, for applications that pass
     * the model to a store builder (or use it elsewhere).
     *
     * @return the model
     */
    public static EmbeddingModel model() {
        return new MiniLmEmbeddings().create();
    }
}
