package dev.agentry.core;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How much of a spend cap an agent has used within the cap's rolling window, as the policy counts
 * it now (reservations of running calls included).
 *
 * @param rule the rule the cap belongs to (for example {@code "spend-cap"})
 * @param asset the asset key
 * @param cap the most that may count within the window, in token units
 * @param used what counts now, in token units
 * @param window the rolling window
 */
public record CapUsage(String rule, String asset, BigDecimal cap, BigDecimal used, Duration window) {
    /** Checks arguments. */
    public CapUsage {
        Checks.require(rule, asset, cap, used, window);
    }
}
