package dev.agentry.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One stimulus for an agent: a mention, a message, a timer tick, a chain event.
 *
 * <p>The {@code id} is stable: the same stimulus read twice has the same id, so the runtime
 * processes it once and tool calls made for it get stable idempotency keys. Feed connectors use
 * {@code platform + ":" + postId}.
 *
 * @param id stable identifier, unique per agent (for example {@code "x:1712345"})
 * @param source the channel the event came from and the reply goes to (for example {@code "x"})
 * @param author the author's handle or id on that channel
 * @param conversation the conversation or thread id; replies and memory are grouped by it
 * @param text the text of the stimulus, possibly empty for timer ticks
 * @param trust how far the author is trusted
 * @param receivedAt when the event was received
 * @param attributes channel-specific details (message ids to reply to, chat ids); never secrets
 */
public record Event(
        String id,
        String source,
        String author,
        String conversation,
        String text,
        Trust trust,
        Instant receivedAt,
        Map<String, String> attributes) {

    /**
     * Attribute that, set to {@code "true"}, tells the runtime to send no channel reply for the
     * event (autonomous post requests, timer ticks): the agent acts through tools only.
     */
    public static final String NO_REPLY = "agentry.no_reply";

    /** Checks arguments and copies the attributes. */
    public Event {
        requireText(id, "id");
        requireText(source, "source");
        Objects.requireNonNull(author, "author");
        requireText(conversation, "conversation");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(receivedAt, "receivedAt");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /**
     * Creates an event received now, without attributes.
     *
     * @param id stable id
     * @param source channel name
     * @param author author handle
     * @param conversation conversation id
     * @param text message text
     * @param trust author trust
     * @return the event
     */
    public static Event of(String id, String source, String author, String conversation, String text, Trust trust) {
        return new Event(id, source, author, conversation, text, trust, Instant.now(), Map.of());
    }

    /**
     * Returns a copy of this event with one more attribute.
     *
     * @param key attribute name
     * @param value attribute value
     * @return the new event
     */
    public Event withAttribute(String key, String value) {
        var copy = new java.util.HashMap<>(attributes);
        copy.put(key, value);
        return new Event(id, source, author, conversation, text, trust, receivedAt, copy);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Event." + name + " must not be blank, was: " + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
