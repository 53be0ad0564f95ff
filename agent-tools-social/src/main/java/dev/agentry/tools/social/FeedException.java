package dev.agentry.tools.social;

import dev.agentry.core.AgentryException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A feed operation failed. {@link #reason()} says why (refused before sending, refused by the
 * provider, unreadable answer, unavailable, rate limited, ...); {@link #httpStatus()} carries the
 * provider's HTTP status when there was a response.
 *
 * <p>Messages name the feed, the operation and the HTTP status; they never contain tokens, keys or
 * request headers.
 */
public class FeedException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /** Why a feed operation failed. */
    public enum Reason {
        /** The feed refused the request before sending it: text too long, malformed post id, no chat to post to. */
        INVALID_REQUEST,
        /** The feed cannot do this at all (Telegram cannot look messages up). */
        UNSUPPORTED,
        /** The post does not exist. */
        NOT_FOUND,
        /** The provider refused the credentials; thrown as {@link FeedAuthException}. */
        AUTH,
        /** The provider answered with an error status (4xx other than auth, not-found or rate limit). */
        REFUSED,
        /**
         * The provider refused a post as a duplicate of one already made (X's "duplicate content"
         * 403) and no post with that text was found on the account: nothing was posted and there is
         * no post id. Retrying the same text fails the same way; write something else.
         */
        DUPLICATE,
        /**
         * Something else holds the feed: a Telegram webhook is set while the feed polls, or a second
         * instance polls the same bot (HTTP 409). Retrying cannot fix it; the message says what to
         * change. Pollers treat it like {@link #AUTH}: the feed is unhealthy and retried slowly.
         */
        CONFLICT,
        /** The provider answered, but not with anything the feed could read (no JSON, no id). */
        MALFORMED_RESPONSE,
        /** No usable answer after the retries: I/O errors or 5xx statuses. */
        UNAVAILABLE,
        /** The provider rate-limited the feed for longer than it may wait; see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** The local store of the feed (the local feed's file) could not be read or written. */
        STORAGE,
        /** The calling thread was interrupted while the feed was calling or waiting. */
        INTERRUPTED
    }

    private final String feed;
    private final Reason reason;
    private final int httpStatus;
    private final transient Duration retryAfter;

    /**
     * Creates an exception for a failure without an HTTP response.
     *
     * @param feed the feed's name, such as {@code "x"}
     * @param reason why it failed
     * @param message what failed, without secrets
     */
    public FeedException(String feed, Reason reason, String message) {
        this(feed, reason, OptionalInt.empty(), message, null, null);
    }

    /**
     * Creates an exception for a failure without an HTTP response, keeping its cause for logs.
     *
     * @param feed the feed's name
     * @param reason why it failed
     * @param message what failed, without secrets
     * @param cause the underlying failure
     */
    public FeedException(String feed, Reason reason, String message, Throwable cause) {
        this(feed, reason, OptionalInt.empty(), message, null, Objects.requireNonNull(cause, "cause"));
    }

    /**
     * Creates an exception for a failed HTTP response.
     *
     * @param feed the feed's name
     * @param reason why it failed
     * @param httpStatus the provider's HTTP status, 100 to 599
     * @param message what failed, without secrets
     * @throws IllegalArgumentException if the status is not an HTTP status
     */
    public FeedException(String feed, Reason reason, int httpStatus, String message) {
        this(feed, reason, OptionalInt.of(httpStatus), message, null, null);
    }

    /**
     * Creates a {@link Reason#RATE_LIMITED} exception with the wait the provider asked for.
     *
     * @param feed the feed's name
     * @param httpStatus the status of the response that said so (429), or empty when the feed
     *     knew from an earlier response that its quota is used up
     * @param message what failed, without secrets
     * @param retryAfter how long to wait before trying again
     * @return the exception
     */
    public static FeedException rateLimited(String feed, OptionalInt httpStatus, String message, Duration retryAfter) {
        return new FeedException(feed, Reason.RATE_LIMITED, httpStatus, message, Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    FeedException(String feed, Reason reason, OptionalInt httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.feed = Objects.requireNonNull(feed, "feed");
        this.reason = Objects.requireNonNull(reason, "reason");
        if (httpStatus.isPresent() && (httpStatus.getAsInt() < 100 || httpStatus.getAsInt() > 599)) {
            throw new IllegalArgumentException("httpStatus must be an HTTP status (100 to 599), was " + httpStatus.getAsInt());
        }
        this.httpStatus = httpStatus.orElse(0);
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
     * Returns why the operation failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the HTTP status of the provider's response.
     *
     * @return the status, or empty when there was no response (refused before sending, I/O error,
     *     interrupted, local feed)
     */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
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
