package dev.agentry.core;

import dev.agentry.core.internal.BytePairCounter;

/**
 * Counts the tokens a text costs a model, for prompt budgets, memory windows and knowledge
 * chunks.
 *
 * <p>{@link #standard()} counts with OpenAI's o200k_base encoding (in process, no download: the
 * ranks file of jtokkit, in tables of about 4 MB of heap, loaded on first use), which is exact for
 * current OpenAI models and within a few percent for other providers' English text.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenCounter {

    /**
     * Counts the tokens of a text.
     *
     * @param text the text
     * @return the number of tokens, zero for an empty text
     */
    int count(CharSequence text);

    /**
     * Returns the shared o200k_base counter.
     *
     * @return the counter
     */
    static TokenCounter standard() {
        return BytePairCounter.O200K;
    }
}
