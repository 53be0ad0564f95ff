package dev.agentry.tools.social;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A feed operation failed: the provider refused the request, answered with something that could
 * not be understood, stayed unavailable after retries, or rate-limited the caller for longer than
 * the configured maximum wait.
 *
 * <p>Messages name the feed, the operation and the HTTP status; they never contain tokens, keys or
 * request headers.
 */
public class FeedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String feed;
    private final int status;
    private final transient Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param feed the feed's name, such as {@code "x"}
     * @param status the HTTP status, or 0 when there was no response
     * @param message what failed, without secrets
     */
    public FeedException(String feed, int status, String message) {
        this(feed, status, message, null);
    }

    /**
     * Creates the exception with a suggested wait before trying again.
     *
     * @param feed the feed's name
     * @param status the HTTP status, or 0 when there was no response
     * @param message what failed, without secrets
     * @param retryAfter how long to wait before trying again, or {@code null} if unknown
     */
    public FeedException(String feed, int status, String message, Duration retryAfter) {
        super(Objects.requireNonNull(message, "message"));
        this.feed = Objects.requireNonNull(feed, "feed");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /**
     * Returns the name of the feed that failed.
     *
     * @return the feed name
     */
    public String feed() {
        return feed;
    }

    /**
     * Returns the HTTP status of the failed response.
     *
     * @return the status, or 0 when there was no response (I/O error, local refusal)
     */
    public int status() {
        return status;
    }

    /**
     * Returns how long the provider asked the caller to wait, when it said so.
     *
     * @return the wait, or empty
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
