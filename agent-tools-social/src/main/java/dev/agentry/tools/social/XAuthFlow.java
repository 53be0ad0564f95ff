package dev.agentry.tools.social;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentry.tools.social.internal.Once;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time {@code agentry auth x} flow: OAuth 2.0 Authorization Code with PKCE (S256). It
 * listens on {@code http://127.0.0.1:<port>/callback} (never on another interface), gives the
 * operator the authorization URL to open, checks the {@code state} X sends back, exchanges the code
 * with the PKCE verifier, and stores the tokens through the {@link XOAuth2Client}, where the feed
 * finds and refreshes them. The callback URL must be registered in the X app's settings exactly as
 * {@link Pending#redirectUri()} prints it.
 *
 * <pre>{@code
 * XOAuth2Client client = XOAuth2Client.builder(clientId).tokens(agentStore).build();
 * XOAuth2Client.Grant grant = XAuthFlow.builder(client).build().run(System.out::println, Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Nothing here prints or logs a token, code or verifier. A flow object can be started several
 * times; each {@link Pending} serves one authorization. Thread-safe.
 */
public final class XAuthFlow {
    private static final Logger log = LoggerFactory.getLogger(XAuthFlow.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final XOAuth2Client client;
    private final int port;
    private final String path;

    private XAuthFlow(Builder b) {
        this.client = b.client;
        this.port = b.port;
        this.path = b.path;
    }

    /**
     * Starts a builder.
     *
     * @param client the app's OAuth 2.0 client, whose store receives the tokens
     * @return a new builder
     */
    public static Builder builder(XOAuth2Client client) {
        return new Builder(Objects.requireNonNull(client, "client"));
    }

    /**
     * Starts listening for the callback and prepares the authorization URL.
     *
     * @return the authorization under way; close it to stop listening
     * @throws FeedException with {@link FeedException.Reason#UNAVAILABLE} if the callback port cannot be bound
     */
    public Pending start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new FeedException("x", FeedException.Reason.UNAVAILABLE, "x auth: cannot listen on 127.0.0.1:" + port
                    + " for the OAuth callback (" + e.getMessage() + "); is the port in use?", e);
        }
        return new Pending(server);
    }

    /**
     * Runs the whole flow: prints what to do and the URL, waits for the callback, stores the tokens.
     *
     * @param out where the instructions go, line by line (such as {@code System.out::println})
     * @param timeout how long to wait for the operator
     * @return what was granted
     * @throws FeedAuthException if the operator denies access, no callback arrives in time, or X
     *     refuses the code
     * @throws FeedException if the callback port cannot be bound or X cannot be reached
     */
    public XOAuth2Client.Grant run(Consumer<String> out, Duration timeout) {
        try (Pending pending = start()) {
            out.accept("Register this callback URL in your X app's OAuth 2.0 settings: " + pending.redirectUri());
            out.accept("Open this URL, sign in as the bot's account and authorize the app:");
            out.accept(pending.authorizeUrl());
            XOAuth2Client.Grant grant = pending.await(timeout);
            out.accept("Authorized (scopes: " + grant.scope() + "); tokens stored under " + client.tokenKey()
                    + " and refreshed by the agent from now on.");
            return grant;
        }
    }

    /** One authorization under way: the URL to open and the callback listener. */
    public final class Pending implements AutoCloseable {
        private final HttpServer server;
        private final String verifier = randomToken(64);
        private final String state = randomToken(24);
        private final String redirectUri;
        private final CompletableFuture<XOAuth2Client.Grant> grant = new CompletableFuture<>();

        private Pending(HttpServer server) {
            this.server = server;
            this.redirectUri = "http://127.0.0.1:" + server.getAddress().getPort() + path;
            server.createContext(path, this::callback);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        /**
         * Returns the URL the operator opens in a browser.
         *
         * @return the authorization URL, with the PKCE challenge and state
         */
        public String authorizeUrl() {
            return client.authorizeUrl(redirectUri, state, challenge(verifier));
        }

        /**
         * Returns the callback URL: {@code http://127.0.0.1:<port><path>}.
         *
         * @return the redirect URI
         */
        public String redirectUri() {
            return redirectUri;
        }

        /**
         * Waits for the callback and the token exchange.
         *
         * @param timeout how long to wait
         * @return what was granted
         * @throws FeedAuthException if access was denied, the code was refused, or nothing came in time
         * @throws FeedException if X could not be reached or the wait was interrupted
         */
        public XOAuth2Client.Grant await(Duration timeout) {
            try {
                return grant.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new FeedAuthException("x", "x auth: no authorization arrived at " + redirectUri + " within " + timeout
                        + "; run `agentry auth x` again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FeedException("x", FeedException.Reason.INTERRUPTED, "x auth interrupted while waiting for the callback");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof FeedException fe ? fe
                        : new FeedException("x", FeedException.Reason.UNAVAILABLE, "x auth failed: " + e.getCause(), e.getCause());
            }
        }

        /** Stops listening. Idempotent. */
        @Override
        public void close() {
            server.stop(0);
        }

        private void callback(HttpExchange exchange) throws IOException {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!state.equals(query.get("state"))) {
                log.warn("x auth: ignoring a callback whose state does not match this authorization");
                respond(exchange, 400, "This callback does not belong to the authorization under way (state mismatch).");
                return;
            }
            if (query.containsKey("error")) {
                respond(exchange, 200, "Authorization was not granted (" + query.get("error") + "). You can close this tab.");
                grant.completeExceptionally(new FeedAuthException("x", "x auth: the authorization was not granted ("
                        + query.get("error") + ")"));
                return;
            }
            try {
                XOAuth2Client.Grant granted = client.exchange(query.getOrDefault("code", ""), verifier, redirectUri);
                respond(exchange, 200, "Agentry is authorized. You can close this tab.");
                grant.complete(granted);
            } catch (FeedException e) {
                respond(exchange, 502, "X refused the authorization code: " + e.getMessage());
                grant.completeExceptionally(e);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The S256 challenge of a verifier: base64url(SHA-256(verifier)) without padding (RFC 7636 §4.2). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Configures an {@link XAuthFlow}. Not thread-safe; each setting may be given once. */
    public static final class Builder {
        private final Once once = new Once("XAuthFlow.Builder");
        private final XOAuth2Client client;
        private int port = 8723;
        private String path = "/callback";

        private Builder(XOAuth2Client client) {
            this.client = client;
        }

        /**
         * Sets the callback's port on 127.0.0.1 (default 8723; 0 picks a free one, for tests, since
         * X accepts only the registered callback URL).
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder callbackPort(int port) {
            once.mark("callbackPort");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("callbackPort must be within [0, 65535], was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the callback's path (default {@code /callback}).
         *
         * @param path starting with {@code /}
         * @return this builder
         */
        public Builder callbackPath(String path) {
            once.mark("callbackPath");
            if (path == null || !path.startsWith("/") || path.contains("?")) {
                throw new IllegalArgumentException("callbackPath must start with / and have no query, was " + path);
            }
            this.path = path;
            return this;
        }

        /**
         * Builds the flow.
         *
         * @return the flow
         */
        public XAuthFlow build() {
            return new XAuthFlow(this);
        }
    }
}
