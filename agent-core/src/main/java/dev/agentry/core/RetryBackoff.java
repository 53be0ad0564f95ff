package dev.agentry.core;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts of a model call: exponential backoff with full jitter (a random delay
 * between zero and {@code min(maxDelay, baseDelay * 2^(retry - 1))}), unless the server says how
 * long to wait with {@code Retry-After}, which is honoured up to {@code maxRetryAfter}.
 *
 * @param baseDelay the first retry's upper bound, positive
 * @param maxDelay the largest computed delay, at least {@code baseDelay}
 * @param maxRetryAfter the longest {@code Retry-After} wait honoured; longer ones are cut to this
 */
public record RetryBackoff(Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /**
     * Checks arguments.
     *
     * @throws IllegalArgumentException for non-positive durations or {@code maxDelay < baseDelay}
     */
    public RetryBackoff {
        positive(baseDelay, "baseDelay");
        positive(maxDelay, "maxDelay");
        positive(maxRetryAfter, "maxRetryAfter");
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("RetryBackoff.maxDelay (" + maxDelay + ") must not be below baseDelay (" + baseDelay + ")");
        }
    }

    /**
     * The defaults: 500 ms base, 20 s cap, {@code Retry-After} honoured up to 60 s.
     *
     * @return the defaults
     */
    public static RetryBackoff defaults() {
        return new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60));
    }

    /**
     * Returns the delay before a retry, with full jitter. Thread-safe.
     *
     * @param retry the retry number, 1 for the first retry
     * @return a random delay between zero and the capped exponential bound
     */
    public Duration delay(int retry) {
        long base = baseDelay.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long bound = base > (Long.MAX_VALUE >> shift) ? maxDelay.toMillis() : Math.min(maxDelay.toMillis(), base << shift);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /**
     * Caps a server-requested wait at {@link #maxRetryAfter()}.
     *
     * @param requested the wait from {@code Retry-After}
     * @return the wait to honour, never negative
     */
    public Duration retryAfter(Duration requested) {
        if (requested.isNegative()) {
            return Duration.ZERO;
        }
        return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("RetryBackoff." + name + " must be positive, was " + d);
        }
    }
}
