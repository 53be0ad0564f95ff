package dev.agentry.x402;

import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.ContractCalls;
import dev.agentry.x402.internal.PaymentServlet;
import dev.agentry.x402.internal.Settlement;
import dev.agentry.x402.internal.Wire;
import jakarta.servlet.http.HttpServlet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Sells an agent's work over x402 (version 1, scheme {@code exact}): an HTTP endpoint that answers
 * {@code 402 Payment Required} with its payment requirements until the caller pays in the
 * {@code X-PAYMENT} header with an EIP-3009 {@code transferWithAuthorization} of the asset.
 *
 * <p>A payment is verified as x402's facilitator does (network, payee, amount, validity window,
 * EIP-712 signature, balance), its nonce is checked unused on chain and claimed in the
 * {@link PaymentLedger}, and it is settled on chain from this toolkit's wallet (which pays the
 * gas), before the {@link PaidService} runs; the answer carries the settlement in
 * {@code X-PAYMENT-RESPONSE}. A payment is served at most once: the token refuses a used nonce,
 * and the service runs only after this endpoint's own settlement succeeded. Refusals are 402s whose
 * {@code error} is one of x402's codes.
 *
 * <pre>{@code
 * PaidEndpoint endpoint = PaidEndpoint.builder().chain(sellerChain).asset(X402Asset.usdc(usdc))
 *         .price(new BigDecimal("0.01")).describe("One answer from Tipbot", "application/json")
 *         .service(req -> answer(req.body())).build();
 * servletContext.addServlet(new ServletHolder(endpoint.servlet()), "/ask");   // in your Jetty, or:
 * try (PaidEndpoint.Running running = endpoint.start("127.0.0.1", 8080)) { ... }
 * }</pre>
 *
 * Thread-safe.
 */
public final class PaidEndpoint {
    private final PaymentServlet servlet;

    private PaidEndpoint(Builder b) {
        long chainId = b.chain.chain().id();
        String network = b.network != null ? b.network : Wire.network(chainId).orElseThrow(() -> new IllegalStateException(
                "x402 has no name for chain " + chainId + "; set network(...)"));
        BigInteger price = b.price.movePointRight(b.asset.decimals()).toBigIntegerExact();
        String payTo = b.payTo != null ? b.payTo : b.chain.address();
        Settlement settlement = new Settlement(ContractCalls.of(b.chain), b.asset, chainId, network, b.ledger, b.clock);
        this.servlet = new PaymentServlet(resource -> new Wire.Requirements(network, price, resource, b.description, b.mimeType, payTo,
                b.maxTimeout.toSeconds(), b.asset.address(), b.asset.name(), b.asset.version()), settlement, b.service, b.asset.decimals());
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
     * Returns the servlet to mount in a servlet container (Jetty 12 EE11); it serves every method
     * and path under its mapping.
     *
     * @return the servlet
     */
    public HttpServlet servlet() {
        return servlet;
    }

    /**
     * Starts a Jetty server serving this endpoint at every path.
     *
     * @param host the interface to listen on, for example {@code 127.0.0.1}
     * @param port the port, 0 for any free one
     * @return the running server; close it to stop
     * @throws IllegalStateException if the server cannot start
     */
    public Running start(String host, int port) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the x402 endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new Running(server, "http://" + host + ":" + connector.getLocalPort());
    }

    /** A running endpoint server. */
    public static final class Running implements AutoCloseable {
        private final Server server;
        private final String url;

        private Running(Server server, String url) {
            this.server = server;
            this.url = url;
        }

        /** @return the base URL, {@code http://host:port} */
        public String url() {
            return url;
        }

        /** Stops the server. */
        @Override
        public void close() {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the x402 endpoint: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Configures a {@link PaidEndpoint}. Each setting may be given once; toolkit, asset, price and
     * service are required. Not thread-safe.
     */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private ChainToolkit chain;
        private X402Asset asset;
        private BigDecimal price;
        private String payTo;
        private String network;
        private String description = "";
        private String mimeType = "application/json";
        private Duration maxTimeout = Duration.ofSeconds(60);
        private PaidService service;
        private PaymentLedger ledger = PaymentLedger.inMemory();
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
         * Sets the toolkit whose wallet settles payments and pays their gas (required).
         *
         * @param chain the seller's toolkit
         * @return this
         */
        public Builder chain(ChainToolkit chain) {
            this.chain = Objects.requireNonNull(chain, "chain");
            return once("chain");
        }

        /**
         * Sets the paid work (required).
         *
         * @param service runs once per settled payment
         * @return this
         */
        public Builder service(PaidService service) {
            this.service = Objects.requireNonNull(service, "service");
            return once("service");
        }

        /**
         * Sets the token accepted (required).
         *
         * @param asset an EIP-3009 token
         * @return this
         */
        public Builder asset(X402Asset asset) {
            this.asset = Objects.requireNonNull(asset, "asset");
            return once("asset");
        }

        /**
         * Sets the price of one call, in token units (required).
         *
         * @param price positive, for example {@code 0.01}
         * @return this
         */
        public Builder price(BigDecimal price) {
            if (Objects.requireNonNull(price, "price").signum() <= 0) {
                throw new IllegalArgumentException("price must be positive, got " + price.toPlainString());
            }
            this.price = price;
            return once("price");
        }

        /**
         * Sets where taken payments are recorded. Default: {@link PaymentLedger#inMemory()}.
         *
         * @param ledger the ledger
         * @return this
         */
        public Builder ledger(PaymentLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return once("ledger");
        }

        /**
         * Sets who is paid. Default: the toolkit's wallet.
         *
         * @param address the payee
         * @return this
         */
        public Builder payTo(String address) {
            if (!Objects.requireNonNull(address, "address").matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("payTo must be 0x followed by 40 hex digits, got \"" + address + "\"");
            }
            this.payTo = address;
            return once("payTo");
        }

        /**
         * Sets x402's name of the network. Default: derived from the chain id ({@code base}, {@code base-sepolia}, …).
         *
         * @param network the name
         * @return this
         */
        public Builder network(String network) {
            this.network = Objects.requireNonNull(network, "network");
            return once("network");
        }

        /**
         * Describes what is sold, in the requirements: a sentence and the answer's media type.
         * Default: no description, {@code application/json}.
         *
         * @param description what one call buys
         * @param mimeType the media type of the answer
         * @return this
         */
        public Builder describe(String description, String mimeType) {
            this.description = Objects.requireNonNull(description, "description");
            this.mimeType = Objects.requireNonNull(mimeType, "mimeType");
            return once("describe");
        }

        /**
         * Sets how long a payment authorization must stay valid for the answer. Default 60 s.
         *
         * @param timeout between 10 seconds and 1 hour
         * @return this
         */
        public Builder maxTimeout(Duration timeout) {
            if (timeout.compareTo(Duration.ofSeconds(10)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("maxTimeout must be between 10 seconds and 1 hour, got " + timeout);
            }
            this.maxTimeout = timeout;
            return once("maxTimeout");
        }

        /**
         * Sets the clock validity windows are checked against (tests). Default: the system UTC clock.
         *
         * @param clock the clock
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return once("clock");
        }

        /**
         * Builds the endpoint.
         *
         * @return the endpoint
         * @throws IllegalStateException if a required setting is missing, the price has more
         *     decimals than the asset, or the chain has no x402 name and none was set
         */
        public PaidEndpoint build() {
            if (chain == null || asset == null || price == null || service == null) {
                throw new IllegalStateException("chain, asset, price and service are required");
            }
            if (price.stripTrailingZeros().scale() > asset.decimals()) {
                throw new IllegalStateException("price " + price.toPlainString() + " has more decimals than " + asset.symbol() + " ("
                        + asset.decimals() + ")");
            }
            return new PaidEndpoint(this);
        }
    }
}
