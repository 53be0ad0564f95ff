package dev.agentry.examples;

import dev.agentry.testkit.Anvil;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Secret;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A sample bot's chain connection, built from the {@code chain} section of its configuration (the
 * same keys as the {@code chain} plugin):
 *
 * <pre>{@code
 * "chain": {"preset": "${CHAIN:-anvil}", "rpcUrl": "${RPC_URL:-embedded}",
 *           "wallet": {"privateKey": "${AGENT_PRIVATE_KEY}"},
 *           "tokens": {"TIP": "${TIP_TOKEN:-}"}, "maxFeePerGasGwei": "50"}
 * }</pre>
 *
 * <p>{@code rpcUrl: "embedded"} starts a {@link Anvil} (its state kept in a file when a
 * state file is given) and, when the wallet's key variable is not set, signs with Anvil's public
 * dev account 0. On any other chain the key must be configured ({@code privateKey} as an
 * {@code ${ENV}} reference, or {@code keystore} plus {@code password}). Tokens with an empty address
 * are left out (the bot may deploy them). Close it to stop the embedded node.
 */
public final class BotChain implements AutoCloseable {
    private final Chain chain;
    private final Wallet wallet;
    private final Optional<BigDecimal> maxFee;
    private final Optional<Anvil> anvil;
    private final Map<String, String> tokens;
    private final String rpcUrl;
    private ChainToolkit toolkit;

    private BotChain(Chain chain, Wallet wallet, Optional<BigDecimal> maxFee, Optional<Anvil> anvil, Map<String, String> tokens, String rpcUrl) {
        this.chain = chain;
        this.wallet = wallet;
        this.maxFee = maxFee;
        this.anvil = anvil;
        this.tokens = new LinkedHashMap<>(tokens);
        this.rpcUrl = rpcUrl;
        this.toolkit = build();
    }

    private ChainToolkit build() {
        ChainToolkit.Builder builder = ChainToolkit.builder().chain(chain).rpcUrl(rpcUrl).wallet(wallet);
        maxFee.ifPresent(builder::maxFeePerGasGwei);
        tokens.forEach(builder::token);
        return builder.build();
    }

    /**
     * Names one more token (for example one the bot just deployed) and rebuilds the toolkit, so
     * tools accept its symbol. Call before the tools are handed to an agent.
     *
     * @param symbol the symbol
     * @param address the token's address
     */
    public void addToken(String symbol, String address) {
        tokens.put(symbol.toUpperCase(java.util.Locale.ROOT), address);
        toolkit.close();
        toolkit = build();
    }

    /**
     * Connects as the configuration says.
     *
     * @param config the bot's configuration
     * @param anvilState where an embedded Anvil keeps its state, or empty for a throw-away chain
     * @param out where to say what was started
     * @return the connection
     * @throws ConfigException if the section is missing or wrong, or the node cannot be reached
     */
    public static BotChain open(AgentConfig config, Optional<Path> anvilState, PrintStream out) {
        ConfigSection section = config.section("chain").orElseThrow(() -> new ConfigException("the bot's configuration needs a \"chain\" section"));
        Chain chain = chain(section);
        String rpcUrl = section.string("rpcUrl", "embedded");
        Optional<Anvil> anvil = Optional.empty();
        if (rpcUrl.equals("embedded")) {
            if (chain.id() != Chain.ANVIL.id()) {
                throw new ConfigException("chain: rpcUrl \"embedded\" starts a local Anvil (chain id 31337), but the chain is " + chain.name());
            }
            anvil = Optional.of(anvilState.map(f -> Anvil.builder().stateFile(f).start()).orElseGet(Anvil::start));
            rpcUrl = anvil.get().url();
            out.println("chain: started a local Anvil node at " + rpcUrl + anvilState.map(f -> " (state kept in " + f + ")").orElse(" (throw-away)"));
        }
        try {
            Wallet wallet = wallet(section.section("wallet").orElseThrow(() -> section.error("wallet",
                    "is required: {\"privateKey\": \"${AGENT_PRIVATE_KEY}\"} or {\"keystore\": \"path\", \"password\": \"${VAR}\"}")), chain, out);
            Optional<BigDecimal> maxFee = section.amount("maxFeePerGasGwei");
            Map<String, String> tokens = new LinkedHashMap<>();
            section.stringMap("tokens").forEach((symbol, address) -> {
                if (!address.isBlank()) {
                    tokens.put(symbol.toUpperCase(java.util.Locale.ROOT), address.strip());
                }
            });
            BotChain opened = new BotChain(chain, wallet, maxFee, anvil, tokens, rpcUrl);
            out.println("chain: " + chain.name() + " (id " + chain.id() + "), agent wallet " + wallet.address());
            return opened;
        } catch (RuntimeException e) {
            anvil.ifPresent(Anvil::close);
            throw e instanceof ConfigException c ? c : new ConfigException("chain: " + e.getMessage());
        }
    }

    /**
     * Returns the toolkit.
     *
     * @return the toolkit
     */
    public ChainToolkit toolkit() {
        return toolkit;
    }

    /**
     * Returns the configured address of a token symbol.
     *
     * @param symbol the symbol, for example {@code "TIP"}
     * @return the address, if configured with a non-empty value
     */
    public Optional<String> token(String symbol) {
        return Optional.ofNullable(tokens.get(symbol.toUpperCase(java.util.Locale.ROOT)));
    }

    /**
     * Returns whether the chain is the embedded local Anvil node.
     *
     * @return {@code true} for the embedded node
     */
    public boolean embedded() {
        return anvil.isPresent();
    }

    /**
     * Returns the JSON-RPC URL in use.
     *
     * @return the URL
     */
    public String rpcUrl() {
        return rpcUrl;
    }

    /** Closes the toolkit and stops the embedded node, if any. */
    @Override
    public void close() {
        toolkit.close();
        anvil.ifPresent(Anvil::close);
    }

    private static Chain chain(ConfigSection s) {
        if (s.has("preset")) {
            return Chain.preset(s.string("preset"));
        }
        if (!s.has("chainId")) {
            throw s.error("chainId", "either \"preset\" or \"chainId\" is required");
        }
        long chainId = s.whole("chainId", 1, 0);
        return Chain.byId(chainId).orElseGet(() -> Chain.custom(chainId, s.string("name", "chain-" + chainId), s.string("nativeSymbol", "ETH")));
    }

    private static Wallet wallet(ConfigSection w, Chain chain, PrintStream out) {
        if (w.has("keystore")) {
            return Wallet.fromKeystore(Path.of(w.string("keystore")), w.secret("password"));
        }
        if (!w.has("privateKey")) {
            throw w.error("privateKey", "is required (or \"keystore\")");
        }
        try {
            return Wallet.fromPrivateKey(w.secret("privateKey"));
        } catch (ConfigException unset) {
            if (chain.id() != Chain.ANVIL.id()) {
                throw unset;
            }
            out.println("chain: the wallet's key variable is not set; signing with Anvil's public dev account 0 (test data, local chain only)");
            return Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "Anvil dev account 0"));
        }
    }
}
