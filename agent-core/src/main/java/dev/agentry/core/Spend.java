package dev.agentry.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Value a {@link Effect#FUNDS} tool call is about to move, declared to the {@link Policy} before
 * the call executes. Amounts are exact decimals in token units ({@code 1.5} ETH), never floats.
 *
 * @param asset the asset symbol or id the spend caps are keyed by (for example {@code "ETH"},
 *     {@code "launch"}, or a token address in lower case)
 * @param amount the amount in token units, zero or more
 * @param recipient the receiving address or account, if there is one
 */
public record Spend(String asset, BigDecimal amount, Optional<String> recipient) {

    /** Checks arguments. */
    public Spend {
        if (asset == null || asset.isBlank()) {
            throw new IllegalArgumentException("Spend.asset must not be blank");
        }
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("Spend.amount must not be negative, was " + amount.toPlainString());
        }
        Objects.requireNonNull(recipient, "recipient");
    }

    /**
     * Creates a spend to a recipient.
     *
     * @param asset asset key
     * @param amount amount in token units
     * @param recipient receiving address
     * @return the spend
     */
    public static Spend of(String asset, BigDecimal amount, String recipient) {
        return new Spend(asset, amount, Optional.of(recipient));
    }

    /**
     * Creates a spend with no recipient (a launch, a fee).
     *
     * @param asset asset key
     * @param amount amount in token units
     * @return the spend
     */
    public static Spend of(String asset, BigDecimal amount) {
        return new Spend(asset, amount, Optional.empty());
    }
}
