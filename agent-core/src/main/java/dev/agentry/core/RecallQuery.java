package dev.agentry.core;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A long-term memory search: what to look for, for which agent, how much to return.
 *
 * @param agentId only this agent's memories
 * @param text the query text, matched by meaning
 * @param limit at most this many items
 * @param kinds only these kinds (empty means all)
 * @param conversation only this conversation, if given
 * @param tokenBudget at most about this many tokens of text in total (0 means no budget)
 */
public record RecallQuery(
        String agentId, String text, int limit, Set<MemoryItem.Kind> kinds, Optional<String> conversation, int tokenBudget) {

    /** Checks arguments. */
    public RecallQuery {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(text, "text");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        Objects.requireNonNull(conversation, "conversation");
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("tokenBudget must not be negative, was " + tokenBudget);
        }
    }

    /**
     * A query over all kinds and conversations, without a token budget.
     *
     * @param agentId the agent
     * @param text query text
     * @param limit maximum items
     * @return the query
     */
    public static RecallQuery of(String agentId, String text, int limit) {
        return new RecallQuery(agentId, text, limit, Set.of(), Optional.empty(), 0);
    }
}
