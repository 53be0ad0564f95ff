package dev.agentry.tools.social;

import java.util.OptionalInt;

/**
 * The provider rejected the feed's credentials (HTTP 401 or 403; Telegram also answers 404 for an
 * unknown bot token; the Discord gateway closes with 4004), or the feed has no usable credentials
 * (no OAuth 2.0 tokens stored yet, a refresh token the provider no longer accepts). Its
 * {@link #reason()} is {@link FeedException.Reason#AUTH}.
 *
 * <p>Retrying at once cannot fix it, but the credentials may be fixed or refreshed while the agent
 * runs: a {@link FeedPoller} marks the feed unhealthy (log and metric), tries again after a long
 * backoff, and recovers on its own when a call succeeds. It never stops polling for good.
 *
 * <p>The message names the feed and the status, never the token.
 */
public class FeedAuthException extends FeedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an HTTP refusal.
     *
     * @param feed the feed's name
     * @param httpStatus the HTTP status (401, 403 or 404; 400 for a refused refresh token)
     * @param message what was refused, without secrets
     */
    public FeedAuthException(String feed, int httpStatus, String message) {
        super(feed, Reason.AUTH, OptionalInt.of(httpStatus), message, null, null);
    }

    /**
     * Creates the exception for credentials found unusable without asking the provider (nothing
     * stored, a gateway that closed with an authentication code).
     *
     * @param feed the feed's name
     * @param message what is missing and how to fix it, without secrets
     */
    public FeedAuthException(String feed, String message) {
        super(feed, Reason.AUTH, OptionalInt.empty(), message, null, null);
    }
}
