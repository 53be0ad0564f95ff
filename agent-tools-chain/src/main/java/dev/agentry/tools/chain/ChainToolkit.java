package dev.agentry.tools.chain;

import dev.agentry.core.Tool;
import dev.agentry.tools.chain.internal.ChainToolset;
import dev.agentry.tools.chain.internal.Rpc;
import dev.agentry.tools.chain.internal.ToolSettings;
import dev.agentry.tools.chain.internal.TxSender;
import dev.agentry.tools.chain.internal.UniswapV2Check;
import dev.agentry.tools.chain.internal.Units;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;

/**
 * The chain toolkit of one agent wallet on one chain: wallet, token, launch and bonding-curve
 * tools over a shared RPC connection, a fee source with a hard cap, and a nonce manager that
 * lets the wallet send concurrently.
 *
 * <pre>{@code
 * ChainToolkit chain = ChainToolkit.builder()
 *         .chain(Chain.BASE_SEPOLIA)
 *         .rpcUrl("https://sepolia.base.org")
 *         .wallet(Wallet.fromEnvironment("AGENT_PRIVATE_KEY"))
 *         .maxFeePerGasGwei(new BigDecimal("50"))
 *         .build();                       // checks the node's chain id
 * agentBuilder.tools(chain.tools());
 * }</pre>
 *
 * <p>Tools: {@code wallet_address}, {@code native_balance}, {@code token_balance}, {@code token_info},
 * {@code transfer_native}, {@code transfer_token}, {@code approve_token}, {@code sign_message},
 * {@code sign_typed_data}, {@code transaction_status}, {@code launch_token}, {@code launch_curve_token},
 * {@code curve_quote}, {@code curve_buy}, {@code curve_buy_exact}, {@code curve_sell}, {@code curve_status},
 * {@code curve_withdraw_fees}, and where Uniswap V2 is known ({@link Builder#uniswapV2})
 * {@code swap_quote}, {@code swap_exact_in}, {@code swap_exact_out}.
 *
 * <p>Tools that send a transaction are {@link dev.agentry.core.Effect#FUNDS} and declare their worst-case
 * fee as a native-coin spend besides the value they move (see the package documentation); the signing
 * tools are {@link dev.agentry.core.Effect#SIGN}. Trades carry a slippage limit
 * ({@link Builder#slippagePercent}) and a deadline ({@link Builder#tradeDeadline}). Thread-safe; close it when the agent stops.
 */
public final class ChainToolkit implements AutoCloseable {
    private final Chain chain;
    private final Wallet wallet;
    private final Rpc rpc;
    private final List<Tool> tools;
    private final OkHttpClient ownClient;
    private final TxSender sender;

    private ChainToolkit(Builder b) {
        this.chain = b.chain;
        this.wallet = b.wallet;
        this.ownClient = b.httpClient == null ? new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS).build() : null;
        boolean anvil = chain.id() == Chain.ANVIL.id();
        this.rpc = new Rpc(b.rpcUrl, b.httpClient != null ? b.httpClient : ownClient, Duration.ofSeconds(anvil ? 1 : 10));
        Optional<UniswapV2Addresses> uniswap = Optional.ofNullable(b.uniswap).or(chain::uniswapV2);
        try {
            rpc.requireChain(chain.id(), chain.name());
            uniswap.ifPresent(u -> UniswapV2Check.require(rpc, u));
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
        this.sender = TxSender.forWallet(rpc, chain, wallet, Units.gweiToWei(b.maxFeePerGasGwei), b.feeCacheTtl,
                Objects.requireNonNullElse(b.receiptPollInterval, Duration.ofMillis(anvil ? 100 : 1000)), b.receiptTimeout, b.gasMargin, b.syncSend);
        this.tools = new ChainToolset(rpc, chain, wallet, sender,
                new ToolSettings(b.receiptTimeout.plusSeconds(30), b.slippagePercent, b.tradeDeadline, b.tokens, uniswap)).tools();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns all chain tools.
     *
     * @return the tools, immutable
     */
    public List<Tool> tools() {
        return tools;
    }

    /**
     * Returns the tools with these names.
     *
     * @param names tool names
     * @return the tools in the order given
     * @throws IllegalArgumentException naming an unknown tool
     */
    public List<Tool> tools(String... names) {
        return java.util.Arrays.stream(names).map(n -> tools.stream().filter(t -> t.name().equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no chain tool named '" + n + "'"))).toList();
    }

    /**
     * Returns the chain.
     *
     * @return the chain
     */
    public Chain chain() {
        return chain;
    }

    /**
     * Returns the wallet's address.
     *
     * @return the checksummed address
     */
    public String address() {
        return wallet.address();
    }

    TxSender sender() { // for ContractCalls
        return sender;
    }

    Rpc rpc() { // for the readers of this package
        return rpc;
    }

    /** Releases the RPC connection (and the HTTP client, if the toolkit created it). */
    @Override
    public void close() {
        rpc.close();
        if (ownClient != null) {
            ownClient.dispatcher().executorService().shutdown();
            ownClient.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "ChainToolkit[" + chain.name() + ", " + wallet.address() + ", " + rpc.url() + "]";
    }

    /**
     * Configures a {@link ChainToolkit}. Each setting may be given once; {@link #build()} checks
     * that chain, RPC URL and wallet are set and that the node serves the configured chain.
     * Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private Chain chain;
        private String rpcUrl;
        private Wallet wallet;
        private OkHttpClient httpClient;
        private BigDecimal maxFeePerGasGwei = new BigDecimal("100");
        private BigDecimal gasMargin = new BigDecimal("0.2");
        private Duration receiptPollInterval;
        private Duration receiptTimeout = Duration.ofMinutes(2);
        private Duration feeCacheTtl = Duration.ofSeconds(1);
        private boolean syncSend = true;
        private BigDecimal slippagePercent = BigDecimal.ONE;
        private Duration tradeDeadline = Duration.ofMinutes(10);
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private UniswapV2Addresses uniswap;

        private Builder() {
        }

        private void once(String name) {
            if (!given.add(name)) {
                throw new IllegalStateException(name + " was already set");
            }
        }

        private static <T> T checked(String name, T value, Predicate<T> ok, String must) {
            Objects.requireNonNull(value, name);
            if (!ok.test(value)) {
                String shown = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
                throw new IllegalArgumentException(name + " must be " + must + ", got " + shown);
            }
            return value;
        }

        /**
         * Sets the chain (required).
         *
         * @param chain a preset or {@link Chain#custom}
         * @return this
         */
        public Builder chain(Chain chain) {
            once("chain");
            this.chain = Objects.requireNonNull(chain, "chain");
            return this;
        }

        /**
         * Sets the JSON-RPC URL (required).
         *
         * @param url http(s) URL of the node
         * @return this
         * @throws IllegalArgumentException if not an http(s) URL
         */
        public Builder rpcUrl(String url) {
            once("rpcUrl");
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("rpcUrl must be an http:// or https:// URL, got \"" + url + "\"");
            }
            this.rpcUrl = url;
            return this;
        }

        /**
         * Sets the signing wallet (required).
         *
         * @param wallet the wallet
         * @return this
         */
        public Builder wallet(Wallet wallet) {
            once("wallet");
            this.wallet = Objects.requireNonNull(wallet, "wallet");
            return this;
        }

        /**
         * Shares an HTTP client (recommended: one per application). Default: a private client.
         *
         * @param client the client
         * @return this
         */
        public Builder httpClient(OkHttpClient client) {
            once("httpClient");
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Caps the fee per gas; a send when the network needs more fails with nothing sent.
         * Default 100 gwei.
         *
         * @param gwei the cap in gwei, positive
         * @return this
         */
        public Builder maxFeePerGasGwei(BigDecimal gwei) {
            once("maxFeePerGasGwei");
            this.maxFeePerGasGwei = checked("maxFeePerGasGwei", gwei, g -> g.signum() > 0, "positive");
            return this;
        }

        /**
         * Sets the fraction added to gas estimates. Default 0.2 (20%).
         *
         * @param margin between 0 and 2
         * @return this
         */
        public Builder gasMargin(BigDecimal margin) {
            once("gasMargin");
            this.gasMargin = checked("gasMargin", margin, m -> m.signum() >= 0 && m.compareTo(BigDecimal.TWO) <= 0, "between 0 and 2");
            return this;
        }

        /**
         * Sets how often receipts are polled. Default 100 ms on Anvil, 1 s elsewhere.
         *
         * @param interval between 1 ms and 1 minute
         * @return this
         */
        public Builder receiptPollInterval(Duration interval) {
            once("receiptPollInterval");
            this.receiptPollInterval = checked("receiptPollInterval", interval,
                    i -> i.toMillis() >= 1 && i.compareTo(Duration.ofMinutes(1)) <= 0, "between 1 ms and 1 minute");
            return this;
        }

        /**
         * Sets how long a send waits for its receipt before reporting it pending. Default 2 minutes.
         *
         * @param timeout positive
         * @return this
         */
        public Builder receiptTimeout(Duration timeout) {
            once("receiptTimeout");
            this.receiptTimeout = checked("receiptTimeout", timeout, t -> t.isPositive(), "positive");
            return this;
        }

        /**
         * Sets how long a fee quote is reused. Default 1 s.
         *
         * @param ttl zero or more
         * @return this
         */
        public Builder feeCacheTtl(Duration ttl) {
            once("feeCacheTtl");
            this.feeCacheTtl = checked("feeCacheTtl", ttl, t -> !t.isNegative(), "zero or more");
            return this;
        }

        /**
         * Chooses whether to send with {@code eth_sendRawTransactionSync} (EIP-7966; Anvil, Base and
         * other OP-stack nodes answer with the receipt in the same round trip). Default {@code true}:
         * tried first, and receipts are polled instead when the node lacks the method.
         *
         * @param enabled whether to try it
         * @return this
         */
        public Builder sendRawTransactionSync(boolean enabled) {
            once("sendRawTransactionSync");
            this.syncSend = enabled;
            return this;
        }

        /**
         * Sets how far below a fresh on-chain quote a bonding-curve trade may fill when the model
         * gives no minimum ({@code min_tokens_out}, {@code min_eth_out}). Default 1%.
         *
         * @param percent greater than 0 and at most 50, for example {@code 0.5}
         * @return this
         */
        public Builder slippagePercent(BigDecimal percent) {
            once("slippagePercent");
            this.slippagePercent = checked("slippagePercent", percent, p -> p.signum() > 0 && p.compareTo(BigDecimal.valueOf(50)) <= 0,
                    "greater than 0 and at most 50");
            return this;
        }

        /**
         * Sets how long a bonding-curve trade stays valid on chain after it is signed (the
         * contract refuses it after this deadline). Default 10 minutes.
         *
         * @param deadline between 10 seconds and 1 day
         * @return this
         */
        public Builder tradeDeadline(Duration deadline) {
            once("tradeDeadline");
            this.tradeDeadline = checked("tradeDeadline", deadline,
                    d -> d.compareTo(Duration.ofSeconds(10)) >= 0 && d.compareTo(Duration.ofDays(1)) <= 0, "between 10 seconds and 1 day");
            return this;
        }

        /**
         * Sets the Uniswap V2 deployment swaps trade on and curves graduate into. Default: the
         * chain's ({@link Chain#uniswapV2()}); without one there are no swap tools and curves
         * graduate without a pool. {@link #build()} checks the router's factory and WETH.
         *
         * @param addresses factory, router and WETH
         * @return this
         */
        public Builder uniswapV2(UniswapV2Addresses addresses) {
            once("uniswapV2");
            this.uniswap = Objects.requireNonNull(addresses, "addresses");
            return this;
        }

        /**
         * Names a token so tools accept its symbol instead of its address.
         *
         * @param symbol the symbol, for example {@code "TIP"}
         * @param address the token contract
         * @return this
         */
        public Builder token(String symbol, String address) {
            String key = Objects.requireNonNull(symbol, "token symbol").strip().toUpperCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("token symbol must not be blank");
            }
            String checked;
            try {
                checked = Units.address("tokens." + symbol, Objects.requireNonNull(address, "token address"));
            } catch (dev.agentry.core.ToolException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            if (tokens.putIfAbsent(key, checked) != null) {
                throw new IllegalStateException("token " + key + " was already set");
            }
            return this;
        }

        /**
         * Connects and checks the node's chain id.
         *
         * @return the toolkit
         * @throws IllegalStateException if a required setting is missing, the node is unreachable,
         *     it serves another chain, or the Uniswap V2 router does not match its factory and WETH
         */
        public ChainToolkit build() {
            for (var setting : List.of(Map.entry("chain", Optional.ofNullable(chain)), Map.entry("rpcUrl", Optional.ofNullable(rpcUrl)),
                    Map.entry("wallet", Optional.ofNullable(wallet)))) {
                setting.getValue().orElseThrow(() -> new IllegalStateException(setting.getKey() + " is required"));
            }
            return new ChainToolkit(this);
        }
    }
}
