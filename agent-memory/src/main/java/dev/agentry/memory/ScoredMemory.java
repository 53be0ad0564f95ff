package dev.agentry.memory;

import dev.agentry.core.MemoryItem;
import java.util.Objects;

/**
 * A recalled memory with its scores.
 *
 * @param item the memory
 * @param score the blended recall score (higher is better)
 * @param relevance the cosine similarity between the query and the memory
 */
public record ScoredMemory(MemoryItem item, double score, double relevance) {
    /** Checks arguments. */
    public ScoredMemory {
        Objects.requireNonNull(item, "item");
    }
}
