package dev.agentry.core;

import java.util.Objects;

/**
 * A secret value (API key, private key, password) that never shows itself in {@code toString()},
 * logs or exception messages. Call {@link #reveal()} only where the value is handed to the
 * component that needs it.
 */
public final class Secret {
    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /**
     * Wraps a secret value.
     *
     * @param value the secret
     * @param origin where it came from, shown instead of the value (for example {@code "${OPENAI_API_KEY}"})
     * @return the secret
     */
    public static Secret of(String value, String origin) {
        return new Secret(value, origin);
    }

    /**
     * Returns the secret value itself. Never log or journal the result.
     *
     * @return the value
     */
    public String reveal() {
        return value;
    }

    /**
     * Returns where the secret came from, safe to show.
     *
     * @return the origin, such as an environment variable reference
     */
    public String origin() {
        return origin;
    }

    /**
     * Returns whether the secret is empty.
     *
     * @return {@code true} for an empty value
     */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Returns a redacted form that names only the origin. */
    @Override
    public String toString() {
        return "Secret[" + origin + ", redacted]";
    }
}
