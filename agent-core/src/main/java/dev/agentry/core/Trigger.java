package dev.agentry.core;

/**
 * A source of events for one agent: a feed poller, a timer, a chain listener. The runtime starts
 * it when the agent starts and closes it on shutdown.
 */
public interface Trigger extends AutoCloseable {

    /**
     * Starts producing events. Must return promptly; work runs on the trigger's own (virtual)
     * threads.
     *
     * @param sink where to deliver events
     */
    void start(EventSink sink);

    /** Stops producing events and releases resources. Must be idempotent. */
    @Override
    void close();
}
