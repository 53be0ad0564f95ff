package dev.agentry.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One thing an agent remembers: a message, a fact, a post, a piece of knowledge or a summary.
 *
 * @param id unique id
 * @param agentId the agent it belongs to
 * @param kind what it is
 * @param conversation the conversation it came from, if any
 * @param author who said or wrote it (the agent's id for its own messages)
 * @param text the content
 * @param importance how much it matters, from 0 (trivia) to 1 (core fact)
 * @param createdAt when it happened
 * @param metadata extra details (source file, post id); never secrets
 */
public record MemoryItem(
        String id,
        String agentId,
        Kind kind,
        Optional<String> conversation,
        String author,
        String text,
        double importance,
        Instant createdAt,
        Map<String, String> metadata) {

    /** What a memory is. */
    public enum Kind {
        /** A message in a conversation (the agent's or someone else's). */
        MESSAGE,
        /** A durable fact about a person or topic. */
        FACT,
        /** A post the agent published on its own. */
        POST,
        /** A chunk of an ingested knowledge document. */
        KNOWLEDGE,
        /** A summary of older conversation turns. */
        SUMMARY
    }

    /** Checks arguments. */
    public MemoryItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be within [0, 1], was " + importance);
        }
        Objects.requireNonNull(createdAt, "createdAt");
        metadata = Map.copyOf(metadata);
    }

    /**
     * Creates a conversation message memory, stamped now.
     *
     * @param agentId the agent
     * @param conversation the conversation
     * @param author the author
     * @param text the message
     * @return the item
     */
    public static MemoryItem message(String agentId, String conversation, String author, String text) {
        return new MemoryItem(UUID.randomUUID().toString(), agentId, Kind.MESSAGE, Optional.of(conversation), author, text, 0.3, Instant.now(), Map.of());
    }

    /**
     * Creates a memory of another kind, stamped now, without a conversation.
     *
     * @param agentId the agent
     * @param kind the kind
     * @param author the author or source
     * @param text the content
     * @param importance 0 to 1
     * @return the item
     */
    public static MemoryItem of(String agentId, Kind kind, String author, String text, double importance) {
        return new MemoryItem(UUID.randomUUID().toString(), agentId, kind, Optional.empty(), author, text, importance, Instant.now(), Map.of());
    }
}
