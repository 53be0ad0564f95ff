package dev.agentry.tools.social;

import java.util.Optional;

/**
 * What one feed needs to take its updates by webhook instead of polling: how to tell the provider's
 * calls from forgeries, and how to read a call into posts. A {@link FeedWebhook} serves it over
 * HTTP and delivers the posts through the same cursor path as a {@link FeedPoller}, so duplicates
 * and order are handled the same way. Feeds that offer webhooks return one ({@link TelegramFeed},
 * {@link FarcasterFeed}); implementations must be thread-safe.
 */
public interface WebhookReceiver {

    /**
     * Checks that a call comes from the provider (a secret-token header, an HMAC signature of the
     * body), comparing in constant time.
     *
     * @param request the call
     * @return {@code true} when it is authentic
     */
    boolean authentic(WebhookRequest request);

    /**
     * Reads an authentic call into the posts it carries, skipping what the cursor says was already
     * delivered; calls of kinds the feed does not handle give an empty batch.
     *
     * @param request the call
     * @param cursor the stored cursor of the feed, empty before the first delivery
     * @return the posts, oldest first, with their cursors
     * @throws FeedException with {@link FeedException.Reason#MALFORMED_RESPONSE} when the body is not
     *     a call the provider sends
     */
    FeedBatch batch(WebhookRequest request, Optional<String> cursor);

    /**
     * Tells the provider where to call, when the provider is told through its API (Telegram's
     * {@code setWebhook}); the default does nothing (Neynar's webhooks are set up in its portal).
     *
     * @throws FeedException if the provider refuses
     */
    default void register() {}
}
