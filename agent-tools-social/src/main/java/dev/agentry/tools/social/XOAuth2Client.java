package dev.agentry.tools.social;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.OAuth2Tokens;
import dev.agentry.tools.social.internal.Once;
import dev.agentry.tools.social.internal.TokenEndpoint;
import dev.agentry.tools.social.internal.Url;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An X app's OAuth 2.0 client (Authorization Code with PKCE) and the user tokens it holds for the
 * agent: the one-time {@link XAuthFlow} stores them, {@link XFeed} uses them and keeps them fresh.
 *
 * <p>X's access tokens expire after 2 hours; the refresh token (scope {@code offline.access})
 * obtains a new pair and is itself replaced on every refresh. The client refreshes
 * {@link Builder#refreshMargin(Duration) a margin} before expiry, and once more when X answers 401,
 * and writes the new pair to the agent's store before using it, so a restart never holds a used-up
 * refresh token. The tokens live as one JSON value under {@link #tokenKey()} in a
 * {@link CursorStore} (the agent's durable key/value store); they are never logged, and no method
 * returns them. When X refuses the refresh token (revoked, or expired after months unused), calls
 * fail with {@link FeedAuthException} until {@code agentry auth x} stores new tokens: the client
 * reads the store again after every refusal, so the running agent recovers without a restart.
 * Thread-safe.
 */
public final class XOAuth2Client {
    private static final Logger log = LoggerFactory.getLogger(XOAuth2Client.class);

    /**
     * What an authorization granted: never the tokens themselves.
     *
     * @param scope the granted scopes, space separated
     * @param accessTokenExpiresAt when the first access token expires (it is refreshed on its own)
     */
    public record Grant(String scope, Instant accessTokenExpiresAt) {}

    private final String clientId;
    private final CursorStore store;
    private final String tokenKey;
    private final String authorizeUrl;
    private final List<String> scopes;
    private final Duration margin;
    private final Clock clock;
    private final TokenEndpoint endpoint;
    private OAuth2Tokens current;

    private XOAuth2Client(Builder b) {
        this.clientId = b.clientId;
        this.store = b.store;
        this.tokenKey = b.tokenKey != null ? b.tokenKey : "x:oauth2:" + b.clientId;
        this.authorizeUrl = b.authorizeUrl;
        this.scopes = b.scopes;
        this.margin = b.margin;
        this.clock = b.clock;
        this.endpoint = new TokenEndpoint("x", URI.create(b.tokenUrl), b.clientId, Optional.ofNullable(b.clientSecret),
                b.client != null ? b.client : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    /**
     * Starts a builder; {@link Builder#tokens(CursorStore)} is required.
     *
     * @param clientId the app's OAuth 2.0 client id (developer portal, "Keys and tokens")
     * @return a new builder
     */
    public static Builder builder(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("X OAuth 2.0 clientId must not be blank");
        }
        return new Builder(clientId);
    }

    /**
     * Returns the store key the tokens live under.
     *
     * @return the key, {@code "x:oauth2:" + clientId} unless configured
     */
    public String tokenKey() {
        return tokenKey;
    }

    /**
     * Returns when the stored access token expires, reading the store.
     *
     * @return the expiry, or empty when no tokens are stored (run {@code agentry auth x})
     */
    public Optional<Instant> storedTokensExpireAt() {
        return store.get(tokenKey).flatMap(OAuth2Tokens::fromStored).map(OAuth2Tokens::expiresAt);
    }

    /** The authorization URL the operator opens, for a redirect URI, state and PKCE challenge. */
    String authorizeUrl(String redirectUri, String state, String challenge) {
        Url url = Url.at(authorizeUrl).query("response_type", "code").query("client_id", clientId)
                .query("redirect_uri", redirectUri).query("scope", String.join(" ", scopes)).query("state", state)
                .query("code_challenge", challenge).query("code_challenge_method", "S256");
        return url.uri().toString();
    }

    /** Exchanges an authorization code for tokens and stores them. */
    synchronized Grant exchange(String code, String verifier, String redirectUri) {
        OAuth2Tokens tokens = read(endpoint.post(TokenEndpoint.form("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "code_verifier", verifier), "exchanging the authorization code"), Optional.empty());
        save(tokens);
        return new Grant(tokens.scope(), tokens.expiresAt());
    }

    /** The access token to use now, refreshed first when it expires within the margin. */
    synchronized String accessToken() {
        OAuth2Tokens tokens = tokens();
        if (!clock.instant().plus(margin).isBefore(tokens.expiresAt())) {
            tokens = refresh(tokens, "it expires at " + tokens.expiresAt());
        }
        return tokens.accessToken();
    }

    /**
     * Called when X refused an access token (401): refreshes unless another call already did.
     *
     * @return {@code true} when a different token is now available and the call is worth repeating
     */
    synchronized boolean refreshAfterRejection(String rejectedToken) {
        OAuth2Tokens tokens = tokens();
        if (!tokens.accessToken().equals(rejectedToken)) {
            return true;
        }
        refresh(tokens, "X refused it (HTTP 401)");
        return true;
    }

    private OAuth2Tokens tokens() {
        if (current == null) {
            current = store.get(tokenKey).flatMap(OAuth2Tokens::fromStored).orElseThrow(() -> new FeedAuthException("x",
                    "x has no OAuth 2.0 tokens under '" + tokenKey + "' in the agent's store; run `agentry auth x` once"));
        }
        return current;
    }

    private OAuth2Tokens refresh(OAuth2Tokens tokens, String why) {
        log.info("x: refreshing the OAuth 2.0 access token because {}", why);
        try {
            OAuth2Tokens next = read(endpoint.post(TokenEndpoint.form("grant_type", "refresh_token", "refresh_token", tokens.refreshToken()),
                    "refreshing the access token"), Optional.of(tokens.refreshToken()));
            save(next);
            return next;
        } catch (FeedAuthException e) {
            current = null;
            throw new FeedAuthException("x", e.httpStatus().orElse(400), e.getMessage()
                    + "; the refresh token is no longer valid: run `agentry auth x` again (the agent picks the new tokens up by itself)");
        }
    }

    private OAuth2Tokens read(tools.jackson.databind.JsonNode answer, Optional<String> previousRefresh) {
        return OAuth2Tokens.fromAnswer(answer, clock, previousRefresh).orElseThrow(() -> new FeedException("x",
                FeedException.Reason.MALFORMED_RESPONSE, "x token endpoint answered without an access token or refresh token"
                        + " (is offline.access among the scopes?)"));
    }

    private void save(OAuth2Tokens tokens) {
        store.put(tokenKey, tokens.toStored());
        current = tokens;
    }

    @Override
    public String toString() {
        return "XOAuth2Client[" + clientId + ", tokens under " + tokenKey + "]";
    }

    /** Configures an {@link XOAuth2Client}. Not thread-safe; each setting may be given once. */
    public static final class Builder {
        private final Once once = new Once("XOAuth2Client.Builder");
        private final String clientId;
        private Secret clientSecret;
        private CursorStore store;
        private String tokenKey;
        private String tokenUrl = "https://api.x.com/2/oauth2/token";
        private String authorizeUrl = "https://x.com/i/oauth2/authorize";
        private List<String> scopes = List.of("tweet.read", "tweet.write", "users.read", "offline.access");
        private Duration margin = Duration.ofMinutes(5);
        private HttpClient client;
        private Clock clock = Clock.systemUTC();

        private Builder(String clientId) {
            this.clientId = clientId;
        }

        /**
         * Sets the client secret of a confidential client (apps of type "Web App" or "Automated
         * App"); public clients ("Native App") have none and send their id in the form.
         *
         * @param secret the secret, not empty
         * @return this builder
         */
        public Builder clientSecret(Secret secret) {
            once.mark("clientSecret");
            Objects.requireNonNull(secret, "secret");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("X OAuth 2.0 clientSecret " + secret.origin() + " is empty");
            }
            this.clientSecret = secret;
            return this;
        }

        /**
         * Sets the durable store of the tokens (required): the agent's cursor store.
         *
         * @param store the store
         * @return this builder
         */
        public Builder tokens(CursorStore store) {
            once.mark("tokens");
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the key the tokens are stored under (default {@code "x:oauth2:" + clientId}).
         *
         * @param key the key, not blank
         * @return this builder
         */
        public Builder tokenKey(String key) {
            once.mark("tokenKey");
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("tokenKey must not be blank");
            }
            this.tokenKey = key;
            return this;
        }

        /**
         * Sets the token and authorization endpoints (default X's: {@code https://api.x.com/2/oauth2/token}
         * and {@code https://x.com/i/oauth2/authorize}).
         *
         * @param tokenUrl the token endpoint, an http(s) URL
         * @param authorizeUrl the authorization page, an http(s) URL
         * @return this builder
         */
        public Builder endpoints(String tokenUrl, String authorizeUrl) {
            once.mark("endpoints");
            this.tokenUrl = httpUrl(tokenUrl, "tokenUrl");
            this.authorizeUrl = httpUrl(authorizeUrl, "authorizeUrl");
            return this;
        }

        /**
         * Sets the scopes asked for (default {@code tweet.read tweet.write users.read offline.access};
         * {@code offline.access} is what brings a refresh token).
         *
         * @param scopes the scopes, not empty
         * @return this builder
         */
        public Builder scopes(String... scopes) {
            once.mark("scopes");
            this.scopes = FeedSettings.ids("scopes", scopes);
            if (this.scopes.isEmpty()) {
                throw new IllegalArgumentException("scopes must not be empty");
            }
            return this;
        }

        /**
         * Sets how long before expiry the access token is refreshed (default 5 minutes).
         *
         * @param margin the margin, zero or positive, below 2 hours
         * @return this builder
         */
        public Builder refreshMargin(Duration margin) {
            once.mark("refreshMargin");
            this.margin = FeedSettings.notNegative(margin, "refreshMargin");
            if (margin.compareTo(Duration.ofHours(2)) >= 0) {
                throw new IllegalArgumentException("refreshMargin must be below X's 2-hour token lifetime, was " + margin);
            }
            return this;
        }

        /**
         * Sets the HTTP client for the token endpoint (default: a client of its own).
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            once.mark("httpClient");
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the clock expiries are compared with (default: the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once.mark("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the client. Reads nothing yet.
         *
         * @return the client
         * @throws IllegalStateException if no token store was set
         */
        public XOAuth2Client build() {
            if (store == null) {
                throw new IllegalStateException("XOAuth2Client needs tokens(CursorStore)");
            }
            return new XOAuth2Client(this);
        }

        private static String httpUrl(String url, String name) {
            Objects.requireNonNull(url, name);
            if (!url.startsWith("http://") && !url.startsWith("https://") || URI.create(url).getHost() == null) {
                throw new IllegalArgumentException(name + " is not an http(s) URL: " + url);
            }
            return url;
        }
    }
}
