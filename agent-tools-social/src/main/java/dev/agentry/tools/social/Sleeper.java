package dev.agentry.tools.social;

import java.time.Duration;

/**
 * Waits. Feeds and triggers wait through a sleeper (between polls, until a rate limit resets,
 * between retries) so tests can replace real waiting with a recording one.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for a duration.
     *
     * @param duration how long; zero or negative returns at once
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Returns the sleeper that really waits ({@link Thread#sleep(Duration)}).
     *
     * @return the system sleeper
     */
    static Sleeper system() {
        return duration -> {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        };
    }
}
