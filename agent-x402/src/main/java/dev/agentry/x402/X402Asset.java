package dev.agentry.x402;

import java.util.Locale;
import java.util.Objects;

/**
 * A token x402 payments are made in: an ERC-20 with EIP-3009 {@code transferWithAuthorization},
 * and the EIP-712 domain its authorizations are signed under ({@code name}, {@code version}, the
 * chain id and the token's address).
 *
 * @param address the token contract
 * @param name the EIP-712 domain name, for example {@code "USD Coin"}
 * @param version the EIP-712 domain version, for example {@code "2"}
 * @param symbol the symbol shown to the model and used as nothing else
 * @param decimals the token's decimals
 */
public record X402Asset(String address, String name, String version, String symbol, int decimals) {

    /** Checks arguments. */
    public X402Asset {
        Objects.requireNonNull(address, "address");
        if (!address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("asset address must be 0x followed by 40 hex digits, got \"" + address + "\"");
        }
        address = org.web3j.crypto.Keys.toChecksumAddress(address.toLowerCase(Locale.ROOT));
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(symbol, "symbol");
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("asset decimals must be between 0 and 36, got " + decimals);
        }
    }

    /**
     * USDC (or a test stand-in such as {@code AgentryTestUsdc}) at an address: domain "USD Coin", version "2", 6 decimals.
     *
     * @param address the token contract
     * @return the asset
     */
    public static X402Asset usdc(String address) {
        return new X402Asset(address, "USD Coin", "2", "USDC", 6);
    }

    /** @return the spend-cap key of this asset: its address in lower case */
    public String capKey() {
        return address.toLowerCase(Locale.ROOT);
    }
}
