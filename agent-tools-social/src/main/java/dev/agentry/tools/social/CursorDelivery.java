package dev.agentry.tools.social;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a {@link FeedBatch} into the agent's inbox, shared by polling
 * ({@link FeedPoller}) and webhooks ({@link FeedWebhook}): each post becomes an event, goes to the
 * sink, and only then does the durable cursor move past it; a refusal stops the batch there so the
 * next read or delivery brings it again. Duplicates are dropped by the feed (nothing at or before the
 * cursor is returned) and by the inbox (an event id it knows is accepted without a second turn).
 * Callers serialise calls per cursor key.
 */
final class CursorDelivery {
    private static final Logger log = LoggerFactory.getLogger(CursorDelivery.class);

    /**
     * What one delivery did.
     *
     * @param delivered how many events the sink accepted
     * @param complete {@code false} when the sink refused one and the rest was left for later
     */
    record Outcome(int delivered, boolean complete) {}

    private CursorDelivery() {}

    /**
     * Delivers a batch oldest first, moving the cursor after each accepted event and to the batch's
     * end cursor once all are in.
     *
     * @param feed the feed the batch came from
     * @param batch the batch
     * @param sink where events go
     * @param cursors the durable cursor store
     * @param key the cursor's key
     * @return what was delivered
     */
    static Outcome deliver(Feed feed, FeedBatch batch, EventSink sink, CursorStore cursors, String key) {
        int delivered = 0;
        for (FeedBatch.Item item : batch.items()) {
            Event event;
            try {
                event = feed.toEvent(item.post());
            } catch (RuntimeException e) {
                log.warn("{}: skipping post {} that cannot become an event: {}", feed.name(), item.post().id(), e.getMessage());
                cursors.put(key, item.cursor());
                continue;
            }
            if (!sink.deliver(event)) {
                log.info("{}: inbox refused {}; it will be delivered again later", feed.name(), event.id());
                return new Outcome(delivered, false);
            }
            delivered++;
            cursors.put(key, item.cursor());
        }
        batch.endCursor().ifPresent(end -> cursors.put(key, end));
        return new Outcome(delivered, true);
    }
}
