package dev.agentry.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an agent remembers: the recent messages of a conversation and long-term memories
 * recalled by meaning. Implementations must be thread-safe.
 *
 * <p>{@link InMemoryMemory} is a simple implementation for tests and small demos;
 * {@code agent-memory} provides durable stores with embeddings.
 */
public interface Memory {

    /**
     * Returns the most recent messages of a conversation that fit a token budget, oldest first.
     * Summaries of the conversation's older messages ({@link MemoryItem.Kind#SUMMARY} items with
     * the conversation set) are part of it in their place in time: the runtime starts a
     * conversation it has not seen since start-up from the newest summary in this window.
     *
     * @param agentId the agent
     * @param conversation the conversation
     * @param tokenBudget the most tokens of text to return
     * @return the messages, oldest first
     */
    List<MemoryItem> recent(String agentId, String conversation, int tokenBudget);

    /**
     * Returns long-term memories relevant to a query, best first.
     *
     * @param query what to look for
     * @return the memories, best first
     */
    List<MemoryItem> recall(RecallQuery query);

    /**
     * Says that a {@link #recall} for this text follows soon, so a store can start what the recall
     * will need in the background now: a store with an embedding model embeds the text while the
     * runtime journals the event, and the recall then finds the vector ready. Returns at once and
     * never fails (a failed prefetch only means the recall does the work itself). The default does
     * nothing.
     *
     * @param agentId the agent that will recall
     * @param text the text the recall will search for
     */
    default void prefetch(String agentId, String text) {}

    /**
     * Stores a memory. Durable implementations have persisted it when the method returns, or, if
     * they write in the background, by the time their journal completes the event being processed
     * (a crash before that leaves the event pending, so its turn runs again); reads of the agent's
     * memories see it either way.
     *
     * @param item the memory
     */
    void remember(MemoryItem item);

    /**
     * Stores several memories, in order. Implementations may batch the writes.
     *
     * @param items the memories
     */
    default void rememberAll(List<MemoryItem> items) {
        items.forEach(this::remember);
    }

    /**
     * Finds the stored item of these kinds, created at or after {@code since}, that is most
     * similar to a text: an exact match (ignoring case, spacing and punctuation) scores 1; stores
     * with embeddings score the rest by cosine similarity. Used, for example, to refuse posts that
     * repeat a recent one. Stores without similarity search return empty.
     *
     * @param agentId the agent
     * @param text the text to compare
     * @param kinds the kinds to search, all if empty
     * @param since the earliest creation time
     * @return the most similar item, if any
     */
    default Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
        return Optional.empty();
    }
}
