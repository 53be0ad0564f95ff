package dev.agentry.core;

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
}
