package dev.agentry.tools.chain;

import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One rule of a {@link HolderGate}: holding at least an amount of an ERC-20 token, or any NFT of
 * an ERC-721 collection, earns a {@link Trust} level.
 *
 * @param kind what is held
 * @param contract the token or collection contract
 * @param atLeast the least amount held, in token units ({@code 1} for an NFT: any one of the collection)
 * @param trust the level earned, {@link Trust#TRUSTED} or {@link Trust#OWNER}
 */
public record HoldingRule(Kind kind, String contract, BigDecimal atLeast, Trust trust) {

    /** What a rule counts. */
    public enum Kind {
        /** An amount of an ERC-20 token, in token units (its decimals are read from the contract). */
        ERC20,
        /** Any token of an ERC-721 collection ({@code balanceOf} at least one). */
        NFT
    }

    /** Checks arguments: a contract address, a positive amount, a trust above untrusted. */
    public HoldingRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(atLeast, "atLeast");
        Objects.requireNonNull(trust, "trust");
        if (!contract.strip().matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("holding rule contract must be 0x followed by 40 hex digits, got \"" + contract + "\"");
        }
        contract = org.web3j.crypto.Keys.toChecksumAddress(contract.strip().toLowerCase(java.util.Locale.ROOT));
        if (atLeast.signum() <= 0) {
            throw new IllegalArgumentException("holding rule atLeast must be positive, got " + atLeast.toPlainString());
        }
        if (kind == Kind.NFT && atLeast.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalArgumentException("an NFT rule counts any one token of the collection; atLeast must be 1, got " + atLeast.toPlainString());
        }
        if (trust == Trust.UNTRUSTED) {
            throw new IllegalArgumentException("a holding rule must earn TRUSTED or OWNER, not UNTRUSTED");
        }
    }

    /**
     * Holding at least {@code atLeast} of an ERC-20 token earns {@code trust}.
     *
     * @param token the token contract
     * @param atLeast the least amount, in token units, for example {@code 1000}
     * @param trust the level earned
     * @return the rule
     */
    public static HoldingRule erc20(String token, BigDecimal atLeast, Trust trust) {
        return new HoldingRule(Kind.ERC20, token, atLeast, trust);
    }

    /**
     * Holding any NFT of a collection earns {@code trust}.
     *
     * @param collection the ERC-721 contract
     * @param trust the level earned
     * @return the rule
     */
    public static HoldingRule nft(String collection, Trust trust) {
        return new HoldingRule(Kind.NFT, collection, BigDecimal.ONE, trust);
    }

    /** @return a short description, for example {@code "at least 1000 of 0xAb…"} */
    String describe() {
        return kind == Kind.NFT ? "an NFT of collection " + contract : "at least " + atLeast.stripTrailingZeros().toPlainString() + " of token " + contract;
    }
}
