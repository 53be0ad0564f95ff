package dev.agentry.cluster.internal;

import dev.agentry.core.Event;
import dev.agentry.core.Trust;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One record on the cluster's topic (keyed by the agent id, value JSON): an event for the agent,
 * or a message from another agent. The trust of a message is never taken from the wire: the
 * receiving node gives it the trust its configuration has for the sending agent, and never more
 * than the trust of the event that made the sender write (an untrusted author cannot have a trusted
 * agent speak for it).
 *
 * @param kind what the record carries
 * @param event the event
 */
public record Envelope(Kind kind, Event event) {
    /** Attribute of an agent message: how many agent-to-agent hops its conversation has taken, this one included. */
    public static final String HOPS = "agentry.hops";
    /** Attribute of an agent message: the sending agent's id. */
    public static final String FROM_AGENT = "agentry.from_agent";
    /**
     * Attribute of an agent message: the trust of the event the sender was handling when it wrote,
     * so that no chain of agents lends an author more trust than it had where it started.
     */
    public static final String ORIGIN_TRUST = "agentry.origin_trust";
    /** The source (and reply channel) of agent messages. */
    public static final String AGENT_SOURCE = "agent";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int VERSION = 1;

    /** What a record carries. */
    public enum Kind {
        /** An event from outside (a feed, an API call); its trust was decided where it was read. */
        EVENT,
        /** A message from another agent; the receiver decides its trust. */
        AGENT_MESSAGE
    }

    /** The record's value. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("kind", kind.name());
        node.put("id", event.id());
        node.put("source", event.source());
        node.put("author", event.author());
        node.put("conversation", event.conversation());
        node.put("text", event.text());
        node.put("trust", event.trust().name());
        node.put("receivedAt", event.receivedAt().toString());
        ObjectNode attributes = node.putObject("attributes");
        event.attributes().forEach(attributes::put);
        return JSON.writeValueAsString(node);
    }

    /**
     * Reads a record's value.
     *
     * @throws IllegalArgumentException if it is not an envelope of a known version
     */
    public static Envelope fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node.path("v").asInt(0) != VERSION) {
                throw new IllegalArgumentException("unknown envelope version " + node.path("v"));
            }
            Map<String, String> attributes = new HashMap<>();
            node.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString()));
            Event event = new Event(text(node, "id"), text(node, "source"), text(node, "author"), text(node, "conversation"),
                    text(node, "text"), Trust.valueOf(text(node, "trust")), Instant.parse(text(node, "receivedAt")), attributes);
            return new Envelope(Kind.valueOf(text(node, "kind")), event);
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an Agentry envelope: " + e.getMessage(), e);
        }
    }

    /**
     * The event the receiving agent sees: an agent message gets the given trust, capped by the trust
     * it started from (untrusted when unknown); an event keeps its own.
     *
     * @param agentTrust the receiving node's trust for the sending agent
     */
    public Event received(Trust agentTrust) {
        if (kind == Kind.EVENT) {
            return event;
        }
        Trust origin = Trust.UNTRUSTED;
        try {
            origin = Trust.valueOf(event.attributes().getOrDefault(ORIGIN_TRUST, Trust.UNTRUSTED.name()));
        } catch (IllegalArgumentException e) {
            // an unknown level is no trust at all
        }
        Trust trust = agentTrust.atLeast(origin) ? origin : agentTrust;
        return new Event(event.id(), AGENT_SOURCE, event.author(), event.conversation(), event.text(), trust, event.receivedAt(),
                event.attributes());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("envelope field '" + field + "' is missing");
        }
        return value.asString();
    }
}
