package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import org.web3j.crypto.Keys;

/**
 * Exact conversions between decimal token units and base units, and address checks. Never uses
 * floating point.
 */
public final class Units {
    /** Largest amount accepted in token units (10^30), far above any real supply. */
    public static final BigDecimal ABSURD = new BigDecimal("1e30");
    /** The zero address. */
    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private Units() {
    }

    /**
     * Converts an amount in token units to base units.
     *
     * @param name argument name for messages
     * @param amount the amount, for example 1.5
     * @param decimals the token's decimals
     * @param allowZero whether zero is meaningful
     * @param symbol the token's symbol for messages
     * @return base units
     * @throws ToolException if negative, zero when not allowed, too precise or absurdly large
     */
    public static BigInteger toBase(String name, BigDecimal amount, int decimals, boolean allowZero, String symbol) {
        if (amount.signum() < 0) {
            throw new ToolException("argument '" + name + "' must not be negative, got " + amount.toPlainString());
        }
        if (amount.signum() == 0 && !allowZero) {
            throw new ToolException("argument '" + name + "' must be greater than zero");
        }
        if (amount.compareTo(ABSURD) > 0) {
            throw new ToolException("argument '" + name + "' is absurdly large: " + amount.toPlainString() + " " + symbol);
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > decimals) {
            throw new ToolException("argument '" + name + "' has more decimals than " + symbol + " supports ("
                    + decimals + "): " + amount.toPlainString());
        }
        return amount.movePointRight(decimals).toBigIntegerExact();
    }

    /**
     * Converts base units to token units.
     *
     * @param base base units
     * @param decimals the token's decimals
     * @return the amount as a plain decimal string without trailing zeros
     */
    public static String fromBase(BigInteger base, int decimals) {
        BigDecimal d = new BigDecimal(base, decimals).stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return d.toPlainString();
    }

    /**
     * Validates an address: 0x + 40 hex digits; when mixed case, the EIP-55 checksum must match.
     *
     * @param name argument name for messages
     * @param value the address
     * @return the address in checksum form
     * @throws ToolException if malformed or the checksum is wrong
     */
    public static String address(String name, String value) {
        String v = value.strip();
        if (!v.matches("0x[0-9a-fA-F]{40}")) {
            throw new ToolException("argument '" + name + "' must be an address like 0x followed by 40 hex digits, got \""
                    + (v.length() > 50 ? v.substring(0, 50) + "…" : v) + "\"");
        }
        String hex = v.substring(2);
        boolean mixed = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        String checksum = Keys.toChecksumAddress(v.toLowerCase(Locale.ROOT));
        if (mixed && !checksum.equals(v)) {
            throw new ToolException("argument '" + name + "' has a wrong EIP-55 checksum: " + v + " (expected " + checksum + ")");
        }
        return checksum;
    }

    /**
     * Converts a gwei amount to wei.
     *
     * @param gwei amount in gwei
     * @return wei
     */
    public static BigInteger gweiToWei(BigDecimal gwei) {
        return gwei.movePointRight(9).setScale(0, java.math.RoundingMode.DOWN).toBigIntegerExact();
    }

    /**
     * Formats wei as gwei.
     *
     * @param wei amount
     * @return gwei as a plain decimal string
     */
    public static String weiToGwei(BigInteger wei) {
        return fromBase(wei, 9);
    }
}
