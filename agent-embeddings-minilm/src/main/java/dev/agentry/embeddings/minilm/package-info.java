/**
 * The in-process all-MiniLM-L6-v2 embedding model for agent-memory, as its own artifact so that
 * libraries and applications with their own embedding model need no ONNX Runtime:
 * {@link dev.agentry.embeddings.minilm.MiniLmEmbeddings} is found through
 * {@link java.util.ServiceLoader} as the store's default model.
 */
package dev.agentry.embeddings.minilm;
