package dev.agentry.core.internal.turn;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import java.util.Map;
import java.util.Optional;

/**
 * Journal: before a tool with an effect runs, writes its record as STARTED with the redacted
 * arguments and the typed spends it declared, so a crash from here on leaves a trace to reconcile
 * from. An interrupted attempt's record is reused (keeping its checkpoints). READ tools are not
 * journalled.
 */
public final class JournalStage implements ToolStage {
    private final AgentWiring agent;

    /** Creates the stage for one agent. */
    public JournalStage(AgentWiring agent) {
        this.agent = agent;
    }

    /** Whether calls of a tool are journalled: everything but READ. */
    static boolean journalled(Tool tool) {
        return tool.effect() != Effect.READ;
    }

    @Override
    public ToolCall intercept(ToolInvocation call, Chain next) {
        call.turn().checkNotAbandoned();
        if (journalled(call.tool())) {
            Map<String, String> details = Map.of("arguments", call.recordedArguments());
            EffectRecord started = call.interrupted()
                    .map(r -> r.withDetails(details).withSpends(call.declaredSpends()))
                    .orElseGet(() -> new EffectRecord(call.key(), agent.agentId(), call.turn().event().id(), call.tool().name(),
                            EffectRecord.Status.STARTED, details, call.declaredSpends(), Optional.empty(), agent.clock().instant()));
            call.context().started(started);
        }
        return next.proceed(call);
    }
}
