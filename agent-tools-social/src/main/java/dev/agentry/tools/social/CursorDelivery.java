package dev.agentry.tools.social;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
     * Delivers a batch oldest first, in one call to the sink (the runtime journals the page in one
     * write), then moves the cursor once: past every accepted event, and to the batch's end cursor
     * once all are in. A post that cannot become an event is skipped (the cursor moves past it).
     *
     * @param feed the feed the batch came from
     * @param batch the batch
     * @param sink where events go
     * @param cursors the durable cursor store
     * @param key the cursor's key
     * @return what was delivered
     */
    static Outcome deliver(Feed feed, FeedBatch batch, EventSink sink, CursorStore cursors, String key) {
        List<Event> events = new ArrayList<>();
        // for each event, the cursor to store once it is in: its post's, or that of skipped posts right after it
        List<String> eventCursors = new ArrayList<>();
        String pastSkippedFirst = null;
        for (FeedBatch.Item item : batch.items()) {
            try {
                events.add(feed.toEvent(item.post()));
                eventCursors.add(item.cursor());
            } catch (RuntimeException e) {
                log.warn("{}: skipping post {} that cannot become an event: {}", feed.name(), item.post().id(), e.getMessage());
                if (events.isEmpty()) {
                    pastSkippedFirst = item.cursor();
                } else {
                    eventCursors.set(eventCursors.size() - 1, item.cursor());
                }
            }
        }
        int delivered = events.isEmpty() ? 0 : sink.deliverAll(events);
        String reached = delivered > 0 ? eventCursors.get(delivered - 1) : pastSkippedFirst;
        if (delivered < events.size()) {
            log.info("{}: inbox refused {}; it will be delivered again later", feed.name(), events.get(delivered).id());
            if (reached != null) {
                cursors.put(key, reached);
            }
            return new Outcome(delivered, false);
        }
        batch.endCursor().or(() -> Optional.ofNullable(reached)).ifPresent(cursor -> cursors.put(key, cursor));
        return new Outcome(delivered, true);
    }
}
