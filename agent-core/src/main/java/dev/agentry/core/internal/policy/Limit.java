package dev.agentry.core.internal.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A most number of calls over a rolling window.
 *
 * @param calls the most calls within the window, at least 1
 * @param window the rolling window, positive
 */
public record Limit(int calls, Duration window) {
    /** Checks arguments. */
    public Limit {
        Objects.requireNonNull(window, "window");
    }
}
