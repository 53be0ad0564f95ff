package dev.agentry.memory;

import dev.agentry.core.MemoryItem;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link AgentryStore#applyRetention} keeps for one agent.
 *
 * @param keepRecentMessages per conversation, messages beyond this many (oldest first) are compacted into one
 *     {@link MemoryItem.Kind#SUMMARY} memory and deleted
 * @param maxAge memories of {@code ageLimitedKinds} older than this are deleted, if given
 * @param ageLimitedKinds the kinds {@code maxAge} applies to
 * @param maxMemories at most this many memories per agent; beyond it the least important, then oldest, memories
 *     other than {@link MemoryItem.Kind#KNOWLEDGE} are deleted
 */
public record RetentionPolicy(int keepRecentMessages, Optional<Duration> maxAge, Set<MemoryItem.Kind> ageLimitedKinds, int maxMemories) {
    /** Checks arguments. */
    public RetentionPolicy {
        if (keepRecentMessages < 1) {
            throw new IllegalArgumentException("RetentionPolicy.keepRecentMessages must be at least 1, was " + keepRecentMessages);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        maxAge.ifPresent(a -> {
            if (a.isNegative() || a.isZero()) {
                throw new IllegalArgumentException("RetentionPolicy.maxAge must be positive, was " + a);
            }
        });
        ageLimitedKinds = ageLimitedKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ageLimitedKinds));
        if (maxMemories < 1) {
            throw new IllegalArgumentException("RetentionPolicy.maxMemories must be at least 1, was " + maxMemories);
        }
    }

    /**
     * Returns the defaults: keep 200 messages per conversation, messages, posts and summaries for 90 days,
     * at most 1,000,000 memories.
     *
     * @return the default policy
     */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(200, Optional.of(Duration.ofDays(90)),
                EnumSet.of(MemoryItem.Kind.MESSAGE, MemoryItem.Kind.POST, MemoryItem.Kind.SUMMARY), 1_000_000);
    }

    /**
     * Returns a copy keeping another number of recent messages per conversation.
     *
     * @param messages messages kept per conversation
     * @return the copy
     */
    public RetentionPolicy withKeep(int messages) {
        return new RetentionPolicy(messages, maxAge, ageLimitedKinds, maxMemories);
    }

    /**
     * What one retention run did.
     *
     * @param compactedMessages messages folded into summaries and deleted
     * @param summaries summaries written
     * @param deleted memories deleted by age or cap
     */
    public record Report(int compactedMessages, int summaries, int deleted) {}
}
