package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.OAuth1Signer;
import dev.agentry.tools.social.internal.Url;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link XFeed} authenticates. X accepts only user context (OAuth 1.0a user keys, or an OAuth
 * 2.0 user token) on {@code GET /2/users/me} and {@code POST /2/tweets}; the app-only bearer token
 * reads public data, so with it the feed needs the account's user id and cannot post.
 */
sealed interface XAuth {

    /** The {@code Authorization} header for one request. */
    String header(String method, Url url);

    /** What the feed calls this mode in checks and {@code toString()}. */
    String describe();

    /** Whether the mode acts as the user: may post and ask who it is. */
    default boolean userContext() {
        return true;
    }

    /** The configured account id, for modes that cannot ask {@code /2/users/me}. */
    default Optional<String> userId() {
        return Optional.empty();
    }

    /** After X refused a header with 401: whether new credentials are now available, so the call is worth repeating. */
    default boolean renewAfterRejection(String rejectedHeader) {
        return false;
    }

    /** OAuth 1.0a user context: each request signed with HMAC-SHA1. X's documented default for bots. */
    record OAuth1(OAuth1Signer signer) implements XAuth {
        @Override
        public String header(String method, Url url) {
            return signer.authorization(method, url, Map.of());
        }

        @Override
        public String describe() {
            return "OAuth 1.0a user context";
        }
    }

    /** OAuth 2.0 user context from {@code agentry auth x}: refreshed before expiry and after a 401. */
    record OAuth2(XOAuth2Client client) implements XAuth {
        @Override
        public String header(String method, Url url) {
            return "Bearer " + client.accessToken();
        }

        @Override
        public String describe() {
            return "OAuth 2.0 user context (refreshed, tokens under " + client.tokenKey() + ")";
        }

        @Override
        public boolean renewAfterRejection(String rejectedHeader) {
            return client.refreshAfterRejection(rejectedHeader.substring("Bearer ".length()));
        }
    }

    /**
     * A bearer token used as given: an OAuth 2.0 user access token (no user id: acts as the user,
     * until it expires after 2 hours, never refreshed), or the app-only token with the account's
     * user id (reads that user's mentions, never posts).
     */
    record Bearer(Secret token, Optional<String> user) implements XAuth {
        @Override
        public String header(String method, Url url) {
            return "Bearer " + token.reveal();
        }

        @Override
        public String describe() {
            return user.map(id -> "app-only bearer token (read-only, user " + id + ")").orElse("OAuth 2.0 user token (not refreshed)");
        }

        @Override
        public boolean userContext() {
            return user.isEmpty();
        }

        @Override
        public Optional<String> userId() {
            return user;
        }
    }
}
