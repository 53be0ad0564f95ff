package dev.agentry.mcp;

import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One client of an {@link McpAgentServer}: a name (the author of the calls it makes, as journals
 * and policies see it), the bearer token it presents over HTTP, and the trust its calls carry. The
 * trust decides which tools the client is offered and what the policy allows, exactly as for an
 * event from a feed author of that trust.
 *
 * @param name the credential's name, such as {@code "claude-desktop"}: letters, digits, {@code .},
 *     {@code _} and {@code -}
 * @param token the bearer token, or empty for a credential used only over stdio (a local process
 *     the operator starts)
 * @param trust the trust of every call made with this credential
 */
public record McpCredential(String name, Optional<Secret> token, Trust trust) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MIN_TOKEN_LENGTH = 16;

    /**
     * Checks arguments.
     *
     * @throws IllegalArgumentException for a bad name or a token shorter than 16 characters
     */
    public McpCredential {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("credential name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(trust, "trust");
        token.ifPresent(t -> {
            if (t.reveal().length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("token of credential '" + name + "' (" + t.origin() + ") is shorter than "
                        + MIN_TOKEN_LENGTH + " characters; use a long random value");
            }
        });
    }

    /**
     * Creates a credential for HTTP clients.
     *
     * @param name the credential's name
     * @param token the bearer token
     * @param trust the trust of its calls
     * @return the credential
     */
    public static McpCredential http(String name, Secret token, Trust trust) {
        return new McpCredential(name, Optional.of(Objects.requireNonNull(token, "token")), trust);
    }

    /**
     * Creates a credential without a token, for a client that starts the server over stdio.
     *
     * @param name the credential's name
     * @param trust the trust of its calls
     * @return the credential
     */
    public static McpCredential stdio(String name, Trust trust) {
        return new McpCredential(name, Optional.empty(), trust);
    }
}
