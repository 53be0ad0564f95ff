package dev.agentry.core.internal.turn;

import dev.agentry.core.Event;
import dev.agentry.core.MemoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remember: stores the event's text and the agent's reply as messages of the conversation, so the
 * next turn sees them in its recent window and recall can find them later. Events that ask for no
 * reply are not stored as conversation. Thread-safe.
 */
public final class Rememberer {
    private static final double MESSAGE_IMPORTANCE = 0.3;

    private final AgentWiring agent;

    /** Creates it for one agent. */
    public Rememberer(AgentWiring agent) {
        this.agent = agent;
    }

    public void remember(Turn turn, Optional<String> reply) {
        Event event = turn.event();
        String agentId = agent.agentId();
        Instant now = agent.clock().instant();
        List<MemoryItem> items = new ArrayList<>(2);
        if (!event.text().isBlank() && !Responder.noReply(event)) {
            items.add(new MemoryItem(event.id(), agentId, MemoryItem.Kind.MESSAGE, Optional.of(event.conversation()), event.author(),
                    event.text(), MESSAGE_IMPORTANCE, event.receivedAt().isAfter(now) ? now : event.receivedAt(),
                    Map.of("source", event.source(), "trust", event.trust().name())));
        }
        reply.ifPresent(text -> items.add(new MemoryItem(event.id() + ":reply", agentId, MemoryItem.Kind.MESSAGE,
                Optional.of(event.conversation()), agentId, text, MESSAGE_IMPORTANCE, now.plusNanos(1000),
                Map.of("source", event.source(), "in_reply_to", event.id()))));
        if (!items.isEmpty()) {
            agent.memory().rememberAll(items);
        }
    }
}
