package dev.agentry.tools.chain;

import dev.agentry.core.Tool;
import dev.agentry.tools.chain.internal.ChainToolset;
import dev.agentry.tools.chain.internal.Fees;
import dev.agentry.tools.chain.internal.NonceManager;
import dev.agentry.tools.chain.internal.Rpc;
import dev.agentry.tools.chain.internal.RpcException;
import dev.agentry.tools.chain.internal.TxSender;
import dev.agentry.tools.chain.internal.Units;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.protocol.core.DefaultBlockParameterName;

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
 * <p>Tools: {@code wallet_address}, {@code native_balance}, {@code token_balance},
 * {@code token_info}, {@code transfer_native}, {@code transfer_token}, {@code approve_token},
 * {@code sign_message}, {@code sign_typed_data}, {@code transaction_status},
 * {@code launch_token}, {@code launch_curve_token}, {@code curve_quote}, {@code curve_buy},
 * {@code curve_sell}, {@code curve_status}. Thread-safe; close it when the agent stops.
 */
public final class ChainToolkit implements AutoCloseable {
    private final Chain chain;
    private final Wallet wallet;
    private final Rpc rpc;
    private final TxSender sender;
    private final List<Tool> tools;
    private final OkHttpClient ownClient;

    private ChainToolkit(Builder b) {
        this.chain = b.chain;
        this.wallet = b.wallet;
        this.ownClient = b.httpClient == null ? new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS).build() : null;
        OkHttpClient client = b.httpClient != null ? b.httpClient : ownClient;
        this.rpc = new Rpc(b.rpcUrl, client, chain.id() == Chain.ANVIL.id() ? Duration.ofSeconds(1) : Duration.ofSeconds(10));
        long reported;
        try {
            reported = rpc.chainId();
        } catch (RpcException e) {
            close();
            throw new IllegalStateException("cannot check the chain id: " + e.getMessage(), e);
        }
        if (reported != chain.id()) {
            close();
            throw new IllegalStateException("RPC node at " + b.rpcUrl + " serves chain id " + reported + ", but the configuration says "
                    + chain.id() + " (" + chain.name() + "); refusing to sign for the wrong chain");
        }
        Fees fees = new Fees(rpc, Units.gweiToWei(b.maxFeePerGasGwei), b.feeCacheTtl);
        NonceManager nonces = new NonceManager(() -> rpc.nonce(wallet.address(), DefaultBlockParameterName.PENDING).longValueExact());
        this.sender = new TxSender(rpc, chain, wallet, fees, nonces, b.pollInterval(), b.receiptTimeout, b.gasMargin, b.syncSend != Boolean.FALSE);
        this.tools = new ChainToolset(rpc, chain, wallet, sender, b.tokens, b.receiptTimeout.plusSeconds(30)).tools();
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
        private Chain chain;
        private String rpcUrl;
        private Wallet wallet;
        private OkHttpClient httpClient;
        private BigDecimal maxFeePerGasGwei;
        private BigDecimal gasMargin;
        private Duration receiptPollInterval;
        private Duration receiptTimeout;
        private Duration feeCacheTtl;
        private Boolean syncSend;
        private final Map<String, String> tokens = new LinkedHashMap<>();

        private Builder() {
        }

        private static void once(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
        }

        /**
         * Sets the chain (required).
         *
         * @param chain a preset or {@link Chain#custom}
         * @return this
         */
        public Builder chain(Chain chain) {
            once(this.chain, "chain");
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
            once(this.rpcUrl, "rpcUrl");
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
            once(this.wallet, "wallet");
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
            once(this.httpClient, "httpClient");
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
            once(this.maxFeePerGasGwei, "maxFeePerGasGwei");
            if (gwei.signum() <= 0) {
                throw new IllegalArgumentException("maxFeePerGasGwei must be positive, got " + gwei.toPlainString());
            }
            this.maxFeePerGasGwei = gwei;
            return this;
        }

        /**
         * Sets the fraction added to gas estimates. Default 0.2 (20%).
         *
         * @param margin between 0 and 2
         * @return this
         */
        public Builder gasMargin(BigDecimal margin) {
            once(this.gasMargin, "gasMargin");
            if (margin.signum() < 0 || margin.compareTo(BigDecimal.TWO) > 0) {
                throw new IllegalArgumentException("gasMargin must be between 0 and 2, got " + margin.toPlainString());
            }
            this.gasMargin = margin;
            return this;
        }

        /**
         * Sets how often receipts are polled. Default 100 ms on Anvil, 1 s elsewhere.
         *
         * @param interval between 1 ms and 1 minute
         * @return this
         */
        public Builder receiptPollInterval(Duration interval) {
            once(this.receiptPollInterval, "receiptPollInterval");
            if (interval.toMillis() < 1 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("receiptPollInterval must be between 1 ms and 1 minute, got " + interval);
            }
            this.receiptPollInterval = interval;
            return this;
        }

        /**
         * Sets how long a send waits for its receipt before reporting it pending. Default 2 minutes.
         *
         * @param timeout positive
         * @return this
         */
        public Builder receiptTimeout(Duration timeout) {
            once(this.receiptTimeout, "receiptTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("receiptTimeout must be positive, got " + timeout);
            }
            this.receiptTimeout = timeout;
            return this;
        }

        /**
         * Sets how long a fee quote is reused. Default 1 s.
         *
         * @param ttl zero or more
         * @return this
         */
        public Builder feeCacheTtl(Duration ttl) {
            once(this.feeCacheTtl, "feeCacheTtl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("feeCacheTtl must not be negative, got " + ttl);
            }
            this.feeCacheTtl = ttl;
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
            once(this.syncSend, "sendRawTransactionSync");
            this.syncSend = enabled;
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
            String key = symbol.strip().toUpperCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("token symbol must not be blank");
            }
            if (tokens.containsKey(key)) {
                throw new IllegalStateException("token " + key + " was already set");
            }
            try {
                tokens.put(key, Units.address("tokens." + symbol, address));
            } catch (dev.agentry.core.ToolException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            return this;
        }

        Duration pollInterval() {
            if (receiptPollInterval != null) {
                return receiptPollInterval;
            }
            return chain.id() == Chain.ANVIL.id() ? Duration.ofMillis(100) : Duration.ofSeconds(1);
        }

        /**
         * Connects and checks the node's chain id.
         *
         * @return the toolkit
         * @throws IllegalStateException if a required setting is missing, the node is unreachable
         *     or it serves another chain
         */
        public ChainToolkit build() {
            if (chain == null) {
                throw new IllegalStateException("chain is required");
            }
            if (rpcUrl == null) {
                throw new IllegalStateException("rpcUrl is required");
            }
            if (wallet == null) {
                throw new IllegalStateException("wallet is required");
            }
            if (maxFeePerGasGwei == null) {
                maxFeePerGasGwei = new BigDecimal("100");
            }
            if (gasMargin == null) {
                gasMargin = new BigDecimal("0.2");
            }
            if (receiptTimeout == null) {
                receiptTimeout = Duration.ofMinutes(2);
            }
            if (feeCacheTtl == null) {
                feeCacheTtl = Duration.ofSeconds(1);
            }
            return new ChainToolkit(this);
        }
    }
}
