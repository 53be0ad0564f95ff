package dev.agentry.tools.social.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OAuth 2.0 access token, the refresh token that renews it, and when the access token expires,
 * as kept in the agent's store (one JSON value). Never logged: {@link #toString()} is redacted.
 *
 * @param accessToken the bearer token for API calls
 * @param refreshToken the token that obtains the next pair (X rotates it on every refresh)
 * @param expiresAt when the access token stops working
 * @param scope the granted scopes, space separated
 */
public record OAuth2Tokens(String accessToken, String refreshToken, Instant expiresAt, String scope) {

    /** Checks arguments. */
    public OAuth2Tokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scope, "scope");
    }

    /**
     * Reads a token endpoint's answer ({@code access_token}, {@code expires_in},
     * {@code refresh_token}, {@code scope}).
     *
     * @param answer the JSON answer
     * @param clock the clock {@code expires_in} counts from
     * @param previousRefresh the refresh token to keep when the answer brings no new one
     * @return the tokens, or empty when the answer has no access token or no refresh token at all
     */
    public static Optional<OAuth2Tokens> fromAnswer(JsonNode answer, Clock clock, Optional<String> previousRefresh) {
        Optional<String> access = JsonSupport.text(answer, "access_token");
        Optional<String> refresh = JsonSupport.text(answer, "refresh_token").or(() -> previousRefresh);
        if (access.isEmpty() || refresh.isEmpty()) {
            return Optional.empty();
        }
        long expiresIn = answer.path("expires_in").asLong(7200);
        return Optional.of(new OAuth2Tokens(access.get(), refresh.get(), clock.instant().plusSeconds(expiresIn),
                JsonSupport.text(answer, "scope").orElse("")));
    }

    /**
     * Reads the stored form.
     *
     * @param stored the JSON written by {@link #toStored()}
     * @return the tokens, or empty when the value is not in that form
     */
    public static Optional<OAuth2Tokens> fromStored(String stored) {
        JsonNode json;
        try {
            json = JsonSupport.MAPPER.readTree(stored);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Optional<String> access = JsonSupport.text(json, "access_token");
        Optional<String> refresh = JsonSupport.text(json, "refresh_token");
        if (access.isEmpty() || refresh.isEmpty() || !json.path("expires_at").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new OAuth2Tokens(access.get(), refresh.get(), Instant.ofEpochSecond(json.path("expires_at").asLong()),
                JsonSupport.text(json, "scope").orElse("")));
    }

    /**
     * Returns the stored form: a JSON object.
     *
     * @return the JSON text
     */
    public String toStored() {
        ObjectNode json = JsonSupport.MAPPER.createObjectNode();
        json.put("access_token", accessToken);
        json.put("refresh_token", refreshToken);
        json.put("expires_at", expiresAt.getEpochSecond());
        json.put("scope", scope);
        return JsonSupport.MAPPER.writeValueAsString(json);
    }

    /** Returns a redacted form naming only the expiry and scope. */
    @Override
    public String toString() {
        return "OAuth2Tokens[redacted, expires " + expiresAt + ", scope " + scope + "]";
    }
}
