/**
 * ONNX Runtime settings for LangChain4j's in-process sentence embedding models that share the CPU
 * with the agents ({@link dev.agentry.embeddings.onnx.OnnxSentenceModel}); used by the
 * agent-embeddings-* model artifacts.
 */
package dev.agentry.embeddings.onnx;
