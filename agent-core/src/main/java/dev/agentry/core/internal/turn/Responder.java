package dev.agentry.core.internal.turn;

import dev.agentry.core.Channel;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.RuntimeEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Respond: sends the turn's answer through the channel the event came from, journalled under its
 * own key ({@code reply:<agent>:<event>}) so a retried or recovered turn never replies twice.
 * Nothing is sent when the event asks for no reply, when a tool already answered it, or when no
 * channel serves its source. Thread-safe.
 */
public final class Responder {
    private final AgentWiring agent;

    /** Creates it for one agent. */
    public Responder(AgentWiring agent) {
        this.agent = agent;
    }

    /** Whether the event wants no channel reply (timer ticks, autonomous posts). */
    static boolean noReply(Event event) {
        return "true".equals(event.attributes().get(Event.NO_REPLY));
    }

    /** Sends the answer, journalled, and publishes {@link RuntimeEvent.ReplyPosted}. */
    public void reply(Turn turn, String text) {
        Event event = turn.event();
        Channel channel = agent.channels().get(event.source());
        if (noReply(event) || turn.answered() || channel == null) {
            return;
        }
        String key = "reply:" + agent.agentId() + ":" + event.id();
        Optional<EffectRecord> previous = agent.journal().effect(key);
        if (previous.isPresent() && previous.get().status() == EffectRecord.Status.DONE) {
            return;
        }
        turn.checkNotAbandoned();
        EffectRecord started = new EffectRecord(key, agent.agentId(), event.id(), "reply", EffectRecord.Status.STARTED, Map.of(), List.of(),
                Optional.empty(), agent.clock().instant());
        agent.journal().putEffect(started);
        String postedId;
        try {
            postedId = channel.reply(event, text, key);
        } catch (RuntimeException e) {
            agent.journal().putEffect(started.finish(EffectRecord.Status.FAILED, ResultText.describe(e)));
            throw new StepFailedException("reply through channel '" + event.source() + "' failed: " + ResultText.describe(e), e);
        }
        agent.journal().putEffect(started.withDetails(Map.of("posted.id", postedId == null ? "" : postedId)).finish(EffectRecord.Status.DONE, "sent"));
        agent.publish(new RuntimeEvent.ReplyPosted(agent.agentId(), turn.id(), event.id(), event.source(), text, agent.clock().instant()));
    }
}
