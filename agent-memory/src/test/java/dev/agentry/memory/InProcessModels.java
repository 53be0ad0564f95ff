package dev.agentry.memory;

import dev.agentry.embeddings.onnx.OnnxSentenceModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * The in-process models of the recall set and the benchmarks, run the way the agent-embeddings-*
 * artifacts run them ({@link OnnxSentenceModel}: ONNX Runtime without spinning worker threads), so
 * every model is measured with the same settings.
 */
public final class InProcessModels {
    private InProcessModels() {}

    /** all-MiniLM-L6-v2 (agent-embeddings-minilm). */
    public static EmbeddingModel miniLm() {
        return OnnxSentenceModel.load(AllMiniLmL6V2EmbeddingModel.class, "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 384,
                PoolingMode.MEAN);
    }

    /** all-MiniLM-L6-v2, int8-quantized (agent-embeddings-minilm-q). */
    public static EmbeddingModel miniLmQuantized() {
        return OnnxSentenceModel.load(AllMiniLmL6V2QuantizedEmbeddingModel.class, "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
                384, PoolingMode.MEAN);
    }

    /** bge-small-en-v1.5, int8-quantized (a candidate the benchmark compares; no artifact). */
    public static EmbeddingModel bgeSmallQuantized() {
        return OnnxSentenceModel.load(BgeSmallEnV15QuantizedEmbeddingModel.class, "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
                384, PoolingMode.CLS);
    }
}
