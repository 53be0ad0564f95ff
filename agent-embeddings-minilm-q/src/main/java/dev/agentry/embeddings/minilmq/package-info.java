/**
 * The int8-quantized in-process all-MiniLM-L6-v2 embedding model for agent-memory, the smaller and
 * faster option to {@code agent-embeddings-minilm}:
 * {@link dev.agentry.embeddings.minilmq.QuantizedMiniLmEmbeddings} is found through
 * {@link java.util.ServiceLoader} as the store's default model.
 */
package dev.agentry.embeddings.minilmq;
