package dev.agentry.tools.chain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An EVM chain: id, name, native coin symbol and block explorer. Presets exist for Base, Base
 * Sepolia, Ethereum, Sepolia and a local Anvil node; {@link #custom} describes any other chain.
 *
 * @param id the EIP-155 chain id
 * @param name a short lower-case name, for example {@code "base"}
 * @param nativeSymbol the native coin's symbol, for example {@code "ETH"}
 * @param explorerUrl the block explorer's base URL, if the chain has one
 */
public record Chain(long id, String name, String nativeSymbol, Optional<String> explorerUrl) {

    /** Base mainnet (8453). */
    public static final Chain BASE = new Chain(8453, "base", "ETH", Optional.of("https://basescan.org"));
    /** Base Sepolia testnet (84532). */
    public static final Chain BASE_SEPOLIA = new Chain(84532, "base-sepolia", "ETH", Optional.of("https://sepolia.basescan.org"));
    /** Ethereum mainnet (1). */
    public static final Chain ETHEREUM = new Chain(1, "ethereum", "ETH", Optional.of("https://etherscan.io"));
    /** Sepolia testnet (11155111). */
    public static final Chain SEPOLIA = new Chain(11155111, "sepolia", "ETH", Optional.of("https://sepolia.etherscan.io"));
    /** A local Anvil or Hardhat node (31337), no explorer. */
    public static final Chain ANVIL = new Chain(31337, "anvil", "ETH", Optional.empty());

    private static final List<Chain> PRESETS = List.of(BASE, BASE_SEPOLIA, ETHEREUM, SEPOLIA, ANVIL);

    /** Checks arguments. */
    public Chain {
        if (id <= 0) {
            throw new IllegalArgumentException("Chain.id must be positive, was " + id);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Chain.name must not be blank");
        }
        if (nativeSymbol == null || nativeSymbol.isBlank()) {
            throw new IllegalArgumentException("Chain.nativeSymbol must not be blank");
        }
        Objects.requireNonNull(explorerUrl, "explorerUrl");
        explorerUrl = explorerUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /**
     * Describes a chain without a preset.
     *
     * @param id chain id
     * @param name short name
     * @param nativeSymbol native coin symbol
     * @return the chain, without explorer
     */
    public static Chain custom(long id, String name, String nativeSymbol) {
        return new Chain(id, name, nativeSymbol, Optional.empty());
    }

    /**
     * Returns the preset of this name ({@code base}, {@code base-sepolia}, {@code ethereum},
     * {@code sepolia}, {@code anvil}; case-insensitive, {@code _} accepted for {@code -}).
     *
     * @param name the preset name
     * @return the preset
     * @throws IllegalArgumentException naming the known presets if there is none of that name
     */
    public static Chain preset(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return PRESETS.stream().filter(c -> c.name.equals(n) || (n.equals("mainnet") && c == ETHEREUM)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown chain preset '" + name + "'; known: base, base-sepolia, ethereum, sepolia, anvil"));
    }

    /**
     * Returns the preset with this chain id.
     *
     * @param id chain id
     * @return the preset, if any
     */
    public static Optional<Chain> byId(long id) {
        return PRESETS.stream().filter(c -> c.id == id).findFirst();
    }

    /**
     * Returns Uniswap's official V2 deployment on this chain: known for {@link #ETHEREUM} and
     * {@link #BASE} (by chain id, so a custom chain with id 1 or 8453 gets it too).
     *
     * @return the factory, router and WETH, or empty where Uniswap deployed no V2 we list
     */
    public Optional<UniswapV2Addresses> uniswapV2() {
        if (id == ETHEREUM.id) {
            return Optional.of(UniswapV2Addresses.ETHEREUM);
        }
        return id == BASE.id ? Optional.of(UniswapV2Addresses.BASE) : Optional.empty();
    }

    /**
     * Returns the explorer link of a transaction.
     *
     * @param txHash the transaction hash
     * @return the link, if the chain has an explorer
     */
    public Optional<String> transactionUrl(String txHash) {
        return explorerUrl.map(u -> u + "/tx/" + txHash);
    }

    /**
     * Returns the explorer link of an address.
     *
     * @param address the address
     * @return the link, if the chain has an explorer
     */
    public Optional<String> addressUrl(String address) {
        return explorerUrl.map(u -> u + "/address/" + address);
    }
}
