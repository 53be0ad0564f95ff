package dev.agentry.core;

import java.util.Objects;

/**
 * A stored memory and how similar it is to a text, from {@link Memory#mostSimilar}.
 *
 * @param item the stored item
 * @param similarity from 0 (unrelated) to 1 (the same text after normalisation); cosine
 *     similarity of embeddings for stores that embed
 */
public record SimilarMemory(MemoryItem item, double similarity) {

    /** Checks arguments. */
    public SimilarMemory {
        Objects.requireNonNull(item, "item");
        if (!(similarity >= 0 && similarity <= 1.000001)) {
            throw new IllegalArgumentException("similarity must be within [0, 1], was " + similarity);
        }
    }
}
