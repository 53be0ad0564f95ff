/**
 * Agentry's durable memory: {@link dev.agentry.memory.AgentryStore} implements core's
 * {@code Memory}, {@code Journal} and {@code CursorStore} over one SQLite file (default) or
 * PostgreSQL (+ pgvector), with embeddings from the application's model or an
 * {@link dev.agentry.memory.EmbeddingModelProvider} ({@code agent-embeddings-minilm}), hybrid recall
 * (full-text and vector candidates, blended by relevance, recency and importance, fused by rank), knowledge ingestion, most-similar search (exact repeats and cosine),
 * retention with compaction, optional reflection, and a LangChain4j {@code ChatMemoryStore}
 * adapter. Everything under {@code dev.agentry.memory.internal} may change without notice.
 */
package dev.agentry.memory;
