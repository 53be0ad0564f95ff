package dev.agentry.x402;

import dev.agentry.core.Tool;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.ContractCalls;
import dev.agentry.tools.chain.Wallet;
import dev.agentry.x402.internal.FetchTool;
import dev.agentry.x402.internal.HttpFetcher;
import dev.agentry.x402.internal.Wire;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Lets an agent buy over x402: the {@code x402_fetch} tool, {@link dev.agentry.core.Effect#FUNDS},
 * fetches a URL and pays a {@code 402 Payment Required} answer with an EIP-3009 authorization signed
 * by the agent's wallet (no transaction, no gas: the seller settles).
 *
 * <p>What it refuses, before signing anything: URLs that are not http(s) or not on the allowed
 * hosts; terms in another scheme, network or asset than the configured ones; a zero amount or a
 * payee that is no address; a price above the call's {@code max_amount}. What the policy sees: the
 * price as a spend of the asset (its address in lower case is the cap key) to the payee, so spend
 * caps, per-recipient caps and the recipient allowlist apply. A call pays at most once, even when
 * retried after a crash: the authorization's nonce is derived from the call's idempotency key, and
 * the token accepts each nonce once; the call settles with what the chain says was taken.
 *
 * <pre>{@code
 * X402Buyer buyer = X402Buyer.builder().chain(chain).wallet(wallet).assets(List.of(X402Asset.usdc(usdcAddress))).build();
 * agentBuilder.tools(buyer.tools());
 * }</pre>
 *
 * Thread-safe.
 */
public final class X402Buyer {
    private final List<Tool> tools;

    private X402Buyer(Builder b) {
        long chainId = b.chain.chain().id();
        String network = b.network != null ? b.network : Wire.network(chainId).orElseThrow(() -> new IllegalStateException(
                "x402 has no name for chain " + chainId + "; set network(...)"));
        HttpFetcher http = new HttpFetcher(b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                b.allowedHosts, b.maxResponseChars);
        this.tools = List.of(new FetchTool(http, b.wallet, ContractCalls.of(b.chain), chainId, network, b.assets, b.clock));
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
     * Returns the tools: {@code x402_fetch}.
     *
     * @return the tools
     */
    public List<Tool> tools() {
        return tools;
    }

    /**
     * Configures an {@link X402Buyer}. Each setting may be given once; toolkit, wallet and assets
     * are required. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private ChainToolkit chain;
        private Wallet wallet;
        private List<X402Asset> assets = List.of();
        private String network;
        private HttpClient http;
        private Set<String> allowedHosts = Set.of();
        private int maxResponseChars = 8000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        private Builder once(String name) {
            if (!given.add(name)) {
                throw new IllegalStateException(name + " was already set");
            }
            return this;
        }

        /**
         * Sets the toolkit whose node nonce states are read on (required).
         *
         * @param chain the agent's toolkit
         * @return this
         */
        public Builder chain(ChainToolkit chain) {
            this.chain = Objects.requireNonNull(chain, "chain");
            return once("chain");
        }

        /**
         * Sets the wallet that signs payments (required): the toolkit's own.
         *
         * @param wallet the agent's wallet
         * @return this
         */
        public Builder wallet(Wallet wallet) {
            this.wallet = Objects.requireNonNull(wallet, "wallet");
            return once("wallet");
        }

        /**
         * Sets the assets the agent pays with (required, at least one).
         *
         * @param assets EIP-3009 tokens
         * @return this
         */
        public Builder assets(List<X402Asset> assets) {
            if (assets.isEmpty()) {
                throw new IllegalArgumentException("assets must not be empty");
            }
            this.assets = List.copyOf(assets);
            return once("assets");
        }

        /**
         * Sets x402's name of the network. Default: derived from the chain id.
         *
         * @param network the name, for example {@code base}
         * @return this
         */
        public Builder network(String network) {
            this.network = Objects.requireNonNull(network, "network");
            return once("network");
        }

        /**
         * Shares an HTTP client. Default: a private one.
         *
         * @param client the client
         * @return this
         */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return once("httpClient");
        }

        /**
         * Restricts the hosts the tool may fetch from. Default: any host.
         *
         * @param hosts host names
         * @return this
         */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = Set.copyOf(hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
            return once("allowedHosts");
        }

        /**
         * Sets the longest answer shown to the model. Default 8000 characters.
         *
         * @param chars at least 100
         * @return this
         */
        public Builder maxResponseChars(int chars) {
            if (chars < 100) {
                throw new IllegalArgumentException("maxResponseChars must be at least 100, got " + chars);
            }
            this.maxResponseChars = chars;
            return once("maxResponseChars");
        }

        /**
         * Sets the clock authorizations' validity windows start from (tests). Default: the system UTC clock.
         *
         * @param clock the clock
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return once("clock");
        }

        /**
         * Builds the buyer.
         *
         * @return the buyer
         * @throws IllegalStateException if a required setting is missing, the wallet is not the
         *     toolkit's, or the chain has no x402 name and none was set
         */
        public X402Buyer build() {
            if (chain == null || wallet == null || assets.isEmpty()) {
                throw new IllegalStateException("chain, wallet and assets are required");
            }
            if (!wallet.address().equalsIgnoreCase(chain.address())) {
                throw new IllegalStateException("the wallet " + wallet.address() + " is not the toolkit's (" + chain.address() + ")");
            }
            return new X402Buyer(this);
        }
    }
}
