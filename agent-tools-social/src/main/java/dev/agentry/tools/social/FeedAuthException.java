package dev.agentry.tools.social;

import java.util.OptionalInt;

/**
 * The provider rejected the feed's credentials (HTTP 401 or 403; Telegram also answers 404 for an
 * unknown bot token): a configuration error that retrying cannot fix. Pollers stop polling the feed
 * and log it once. Its {@link #reason()} is {@link FeedException.Reason#AUTH}.
 *
 * <p>The message names the feed and the status, never the token.
 */
public class FeedAuthException extends FeedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param feed the feed's name
     * @param httpStatus the HTTP status (401, 403 or 404)
     * @param message what was refused, without secrets
     */
    public FeedAuthException(String feed, int httpStatus, String message) {
        super(feed, Reason.AUTH, OptionalInt.of(httpStatus), message, null, null);
    }
}
