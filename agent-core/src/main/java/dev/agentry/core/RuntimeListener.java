package dev.agentry.core;

/**
 * Sees what the runtime does: turns, model calls, tool calls with the policy's decisions, journal
 * writes, replies, dead letters and approvals (see {@link RuntimeEvent}). Register one with
 * {@link AgentRuntimeBuilder#listener} or {@link AgentRuntime#subscribe}.
 *
 * <p>Delivery never holds up an agent: each listener has its own bounded queue and its own thread,
 * and gets its events in the order they happened. When a listener falls so far behind that its
 * queue is full, newer events are dropped for it (counted in {@code agentry.listener.dropped},
 * tagged with the listener's class name) rather than waiting; an exception a listener throws is
 * logged and counted in {@code agentry.listener.failures}, and the next event is delivered as
 * usual. A listener is called from one thread at a time, so it need not be thread-safe unless it
 * shares state with other threads.
 */
@FunctionalInterface
public interface RuntimeListener {

    /**
     * Receives one event, on the listener's own delivery thread.
     *
     * @param event what happened
     */
    void onEvent(RuntimeEvent event);

    /**
     * A listener's registration, from {@link AgentRuntime#subscribe}. Thread-safe.
     */
    interface Subscription extends AutoCloseable {

        /**
         * Returns how many events were dropped for this listener because its queue was full.
         *
         * @return the count since it subscribed
         */
        long dropped();

        /**
         * Stops delivery: events still queued are delivered for up to a second, then dropped.
         * Idempotent.
         */
        @Override
        void close();
    }
}
