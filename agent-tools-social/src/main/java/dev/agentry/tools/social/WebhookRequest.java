package dev.agentry.tools.social;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One call a provider made to a webhook: its headers and its body, exactly as received (signatures
 * are computed over these bytes).
 *
 * @param headers the request headers, by name (looked up ignoring case)
 * @param body the raw body
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

    /** Checks arguments and copies the headers into a case-insensitive map. */
    public WebhookRequest {
        var copy = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(Objects.requireNonNull(headers, "headers"));
        headers = java.util.Collections.unmodifiableMap(copy);
        body = Objects.requireNonNull(body, "body").clone();
    }

    /**
     * Returns a header's value.
     *
     * @param name the header name, in any case
     * @return the value, or empty when absent
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /**
     * Returns a copy of the body.
     *
     * @return the bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
