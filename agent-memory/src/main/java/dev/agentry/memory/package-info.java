/**
 * Agentry's durable memory: {@link dev.agentry.memory.AgentryStore} implements core's
 * {@code Memory}, {@code Journal} and {@code CursorStore} over one SQLite file (default) or
 * PostgreSQL (+ pgvector), with in-process all-MiniLM-L6-v2 embeddings, blended recall
 * (relevance, recency, importance), knowledge ingestion, most-similar search (exact repeats and cosine),
 * retention with compaction, optional reflection, and a LangChain4j {@code ChatMemoryStore}
 * adapter. Everything under {@code dev.agentry.memory.internal} may change without notice.
 */
package dev.agentry.memory;
