package dev.agentry.core.internal.turn;

import dev.agentry.core.Event;
import dev.agentry.core.MemoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remember: adds the event's text and the agent's reply to the conversation the next turn shows
 * (in {@link ConversationWindows}, so the next turn does not read it back from memory) and hands
 * them to memory as messages of the conversation ({@link dev.agentry.core.Memory#rememberAll}: a
 * store that writes in the background returns at once), so recall finds them later. Events that
 * ask for no reply are not stored as conversation. Thread-safe.
 */
public final class Rememberer {
    private static final double MESSAGE_IMPORTANCE = 0.3;

    private final AgentWiring agent;
    private final ConversationWindows windows;

    Rememberer(AgentWiring agent, ConversationWindows windows) {
        this.agent = agent;
        this.windows = windows;
    }

    /**
     * Creates one with conversations of its own (for tests of one stage).
     *
     * @param agent the agent's wiring
     */
    public Rememberer(AgentWiring agent) {
        this(agent, new ConversationWindows(agent.agentId(), agent.agentId(), agent.memory()));
    }

    /**
     * Remembers a turn's event and reply.
     *
     * @param turn the turn
     * @param reply the reply, if the agent answered
     */
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
            windows.append(event.conversation(), items);
            agent.memory().rememberAll(items);
        }
    }
}
