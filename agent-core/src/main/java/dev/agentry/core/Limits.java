package dev.agentry.core;

import java.time.Duration;

/**
 * The bounds an agent runs within: steps and tokens per turn, budgets, timeouts, retries and its
 * mailbox. {@link #defaults()} suits a chat agent; every value is checked.
 *
 * @param maxSteps most model calls in one turn (tool loops included), at least 1
 * @param promptTokens token budget of one composed prompt (persona, memories, conversation, event)
 * @param recentTokens part of the prompt budget for the conversation (a rolling summary of older turns, then one line
 *     per message); when it is outgrown the older lines are folded into the summary
 * @param recallLimit most long-term memories recalled per turn (0 disables recall)
 * @param recallTokens part of the prompt budget for recalled memories
 * @param dailyTokenBudget most model tokens (in + out) an agent may use per UTC day (0 = no limit)
 * @param turnTimeout longest a turn may take before it fails
 * @param maxAttempts attempts per event before it is dead-lettered, at least 1
 * @param mailboxCapacity events an agent's mailbox holds, at least 1
 * @param overflow what happens when the mailbox is full
 */
public record Limits(
        int maxSteps,
        int promptTokens,
        int recentTokens,
        int recallLimit,
        int recallTokens,
        long dailyTokenBudget,
        Duration turnTimeout,
        int maxAttempts,
        int mailboxCapacity,
        Overflow overflow) {

    /** What a full mailbox does with a new event. */
    public enum Overflow {
        /** Refuse the new event: the submitter sees it refused and may retry (feeds keep their cursor). */
        REJECT,
        /** Wait up to one second for space, then refuse. */
        BLOCK,
        /** Drop the oldest queued event into the dead-letter record and take the new one. */
        DROP_OLDEST
    }

    /** Checks arguments. */
    public Limits {
        positive(maxSteps, "maxSteps");
        positive(promptTokens, "promptTokens");
        if (recentTokens < 0 || recallTokens < 0 || recentTokens + recallTokens > promptTokens) {
            throw new IllegalArgumentException("recentTokens (" + recentTokens + ") + recallTokens (" + recallTokens
                    + ") must be non-negative and within promptTokens (" + promptTokens + ")");
        }
        if (recallLimit < 0) {
            throw new IllegalArgumentException("recallLimit must not be negative, was " + recallLimit);
        }
        if (dailyTokenBudget < 0) {
            throw new IllegalArgumentException("dailyTokenBudget must not be negative, was " + dailyTokenBudget);
        }
        if (turnTimeout == null || turnTimeout.isNegative() || turnTimeout.isZero()) {
            throw new IllegalArgumentException("turnTimeout must be positive, was " + turnTimeout);
        }
        positive(maxAttempts, "maxAttempts");
        positive(mailboxCapacity, "mailboxCapacity");
        if (overflow == null) {
            throw new IllegalArgumentException("overflow must be set");
        }
    }

    /**
     * Defaults: 6 steps, 2,000-token prompts (up to 1,100 for the conversation, summary included;
     * up to 300 recalled, 5 memories), no daily budget, 2-minute turns, 3 attempts, 1,000 queued
     * events, refuse on overflow.
     *
     * @return the defaults
     */
    public static Limits defaults() {
        return new Limits(6, 2_000, 1_100, 5, 300, 0, Duration.ofMinutes(2), 3, 1_000, Overflow.REJECT);
    }

    /**
     * Returns a copy with another step limit.
     *
     * @param steps most model calls per turn
     * @return the copy
     */
    public Limits withMaxSteps(int steps) {
        return new Limits(steps, promptTokens, recentTokens, recallLimit, recallTokens, dailyTokenBudget, turnTimeout, maxAttempts, mailboxCapacity, overflow);
    }

    /**
     * Returns a copy with another daily token budget.
     *
     * @param tokens tokens per UTC day, 0 for none
     * @return the copy
     */
    public Limits withDailyTokenBudget(long tokens) {
        return new Limits(maxSteps, promptTokens, recentTokens, recallLimit, recallTokens, tokens, turnTimeout, maxAttempts, mailboxCapacity, overflow);
    }

    /**
     * Returns a copy with another mailbox size and overflow behaviour.
     *
     * @param capacity queued events
     * @param whenFull overflow behaviour
     * @return the copy
     */
    public Limits withMailbox(int capacity, Overflow whenFull) {
        return new Limits(maxSteps, promptTokens, recentTokens, recallLimit, recallTokens, dailyTokenBudget, turnTimeout, maxAttempts, capacity, whenFull);
    }

    /**
     * Returns a copy with another attempt count.
     *
     * @param attempts attempts per event before dead-lettering
     * @return the copy
     */
    public Limits withMaxAttempts(int attempts) {
        return new Limits(maxSteps, promptTokens, recentTokens, recallLimit, recallTokens, dailyTokenBudget, turnTimeout, attempts, mailboxCapacity, overflow);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
