package dev.agentry.core;

/**
 * Where replies go: the runtime sends an agent's reply to the channel whose {@link #source()}
 * equals the event's {@link Event#source()}. Feed connectors implement it.
 *
 * <p>The runtime journals each reply under an idempotency key before calling {@link #reply}
 * and marks it done after, so a restart does not reply twice; channels that can detect duplicate
 * content on their side should treat it as success. Implementations must be thread-safe.
 */
public interface Channel {

    /**
     * Returns the source name of the events this channel answers (for example {@code "x"}).
     *
     * @return the source name
     */
    String source();

    /**
     * Sends a reply to an event.
     *
     * @param event the event replied to
     * @param text the reply text
     * @param idempotencyKey stable key of this reply
     * @return the id of the posted reply on the channel, or an empty string if it has none
     * @throws AgentryException when the reply could not be sent; the turn fails and is retried
     */
    String reply(Event event, String text, String idempotencyKey);
}
