package dev.agentry.memory;

import dev.agentry.core.MemoryItem;
import java.util.Objects;

/**
 * A recalled memory with its scores.
 *
 * @param item the memory
 * @param score the ranking score (higher is better): with hybrid recall the reciprocal-rank fusion of
 *     the blended score's rank (relevance, recency, importance) and the keyword match's rank; with
 *     vector-only search the blended score
 * @param relevance the cosine similarity between the query and the memory
 */
public record ScoredMemory(MemoryItem item, double score, double relevance) {
    /** Checks arguments. */
    public ScoredMemory {
        Objects.requireNonNull(item, "item");
    }
}
