package dev.agentry.tools.social;

/**
 * The provider rejected the feed's credentials (HTTP 401 or 403): a configuration error that
 * retrying cannot fix. Pollers stop polling the feed and log it once.
 *
 * <p>The message names the feed and the status, never the token.
 */
public class FeedAuthException extends FeedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param feed the feed's name
     * @param status the HTTP status (401 or 403)
     * @param message what was refused, without secrets
     */
    public FeedAuthException(String feed, int status, String message) {
        super(feed, status, message);
    }
}
