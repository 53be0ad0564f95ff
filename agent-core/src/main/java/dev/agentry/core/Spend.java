package dev.agentry.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Effect#FUNDS} tool call is about to move or hand over, declared to the
 * {@link Policy} before the call executes. Amounts are exact decimals in token units ({@code 1.5}
 * ETH), never floats. A call declares one spend per movement:
 *
 * <ul>
 *   <li><b>value</b>: the asset and amount a recipient receives ({@code Spend.of("ETH", 0.1, to)});
 *   <li><b>fees</b>: the worst-case fee in the native asset, with no recipient
 *       ({@code Spend.of("ETH", gasLimit × maxFee)}), so the native asset's spend cap counts it;
 *       once the receipt is known the tool settles the real fee ({@link ToolContext#settle});
 *   <li><b>control</b>: an address that receives control rather than value (a token's owner, a
 *       curve's beneficiary, a spender) as an amount of <b>zero</b> with that recipient, in the
 *       asset of the action ({@code Spend.of("launch", ZERO, owner)}).
 * </ul>
 * The policy checks every spend with a recipient against the recipient allowlist, whatever its
 * amount or asset; spend caps sum all spends of an asset in one call (fees included); per-recipient
 * caps sum only the spends to that recipient. An asset without a spend cap cannot be spent, even at
 * amount zero, so declare control in an asset that has one.
 *
 * @param asset the asset symbol or id the spend caps are keyed by (for example {@code "ETH"},
 *     {@code "launch"}, or a token address in lower case)
 * @param amount the amount in token units, zero or more (zero for control)
 * @param recipient the receiving address or account (of value or control), if there is one
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
