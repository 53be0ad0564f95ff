package dev.agentry.core.internal.turn;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.internal.IdempotencyKeys;
import java.util.Optional;

/**
 * Replay: derives the call's idempotency key and looks it up in the journal. A call already DONE
 * for this event returns its journalled result and never runs again; a STARTED one (interrupted
 * by a crash or a timeout) is handed on with its record, so the tool reconciles instead of acting
 * twice. READ tools are not journalled and always run.
 */
public final class ReplayStage implements ToolStage {
    private final AgentWiring agent;

    /** Creates the stage for one agent. */
    public ReplayStage(AgentWiring agent) {
        this.agent = agent;
    }

    @Override
    public ToolCall intercept(ToolInvocation call, Chain next) {
        Tool tool = call.tool();
        Event event = call.turn().event();
        String key = IdempotencyKeys.forToolCall(agent.agentId(), event.id(), tool.name(), call.arguments().json());
        Optional<EffectRecord> previous = JournalStage.journalled(tool) ? agent.journal().effect(key) : Optional.empty();
        Optional<EffectRecord> interrupted = previous.filter(r -> r.status() == EffectRecord.Status.STARTED);
        call.keyed(key, interrupted, new CallContext(agent, call.turn(), key, tool.name(), interrupted));
        if (previous.isPresent() && previous.get().status() == EffectRecord.Status.DONE) {
            return call.finish(ToolCall.Decision.ALLOW, "idempotency", ToolCall.Outcome.REPLAYED,
                    ResultText.shown(previous.get().result().orElse("")));
        }
        return next.proceed(call);
    }
}
