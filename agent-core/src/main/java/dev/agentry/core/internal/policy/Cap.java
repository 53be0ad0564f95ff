package dev.agentry.core.internal.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * A most amount over a rolling window.
 *
 * @param amount the most that may count within the window, in token units, zero or more
 * @param window the rolling window, positive
 */
public record Cap(BigDecimal amount, Duration window) {
    /** Checks arguments. */
    public Cap {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(window, "window");
    }
}
