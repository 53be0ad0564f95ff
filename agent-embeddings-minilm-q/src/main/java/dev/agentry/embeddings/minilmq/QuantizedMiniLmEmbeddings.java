package dev.agentry.embeddings.minilmq;

import dev.agentry.embeddings.onnx.OnnxSentenceModel;
import dev.agentry.memory.LoadingModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The int8-quantized in-process all-MiniLM-L6-v2 embedding model (384 dimensions, ONNX Runtime, no
 * network), found by agent-memory through {@link java.util.ServiceLoader}: with this artifact on
 * the class path, {@code AgentryStore.sqlite(path)} and builders given no embedding model use it.
 * Measured against the full model by agent-memory's EmbeddingModelsBenchmark: loads in a fifth of
 * the time, embeds about three times faster, same recall on the recall sets.
 *
 * <p>The model runs with ONNX Runtime settings that share the CPU with the agents (no spin-waiting
 * worker threads; see {@link OnnxSentenceModel}). {@link #create()} returns at once:
 * the model loads in a background thread, and the first embedding waits for it. Its name in the
 * database is {@value #NAME}; its vectors differ from the full model's, so a store embedded with
 * the other one opens only with {@code reembedIfModelChanged()} (which re-embeds it). Thread-safe.
 */
public final class QuantizedMiniLmEmbeddings extends LoadingModelProvider {
    /** The model's name, as stored in the database. */
    public static final String NAME = "all-minilm-l6-v2-q";

    /** The provider (called by {@link java.util.ServiceLoader}). */
    public QuantizedMiniLmEmbeddings() {
        super(NAME, 384, () -> OnnxSentenceModel.load(AllMiniLmL6V2QuantizedEmbeddingModel.class, "all-minilm-l6-v2-q.onnx",
                "all-minilm-l6-v2-q-tokenizer.json", 384, PoolingMode.MEAN));
    }

    /**
     * Returns a new quantized all-MiniLM-L6-v2 model that loads in the background, for applications
     * that pass the model to a store builder.
     *
     * @return the model
     */
    public static EmbeddingModel model() {
        return new QuantizedMiniLmEmbeddings().create();
    }
}
