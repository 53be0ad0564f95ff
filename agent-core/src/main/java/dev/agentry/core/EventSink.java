package dev.agentry.core;

import java.util.List;

/**
 * Takes events from a {@link Trigger} into the runtime.
 */
@FunctionalInterface
public interface EventSink {

    /**
     * Delivers an event to the agent the trigger belongs to. When this returns {@code true} the
     * event is durably in the agent's inbox (or was there before): a feed may advance its cursor.
     *
     * @param event the event
     * @return {@code true} if accepted or already known; {@code false} if refused (mailbox full,
     *     runtime closing), in which case the feed must not advance past it
     */
    boolean deliver(Event event);

    /**
     * Delivers events in order, as {@link #deliver} one by one would, stopping at the first one
     * refused; the runtime's sink journals them in one write (one commit for a page of a feed).
     *
     * @param events the events, oldest first
     * @return how many of the first events are durably in the inbox (or were there before): a feed
     *     may advance its cursor past that many, and no further
     */
    default int deliverAll(List<Event> events) {
        int delivered = 0;
        for (Event event : events) {
            if (!deliver(event)) {
                break;
            }
            delivered++;
        }
        return delivered;
    }
}
