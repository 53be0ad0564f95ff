package dev.agentry.core.internal.turn;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import java.util.List;

/**
 * Record: hands the call on to be executed, then writes how it ended. The journal record becomes
 * DONE (the result is replayed from now on) or FAILED (it may be tried again); a timeout or an
 * unexpected failure of a FUNDS tool stays STARTED, so the next attempt reconciles instead of
 * acting again. The policy then learns what counts against its windows
 * ({@link dev.agentry.core.Policy#completed}): the spends the tool settled if it called
 * {@link dev.agentry.core.ToolContext#settle}, else the declared ones whenever value may have
 * moved, and nothing when the tool failed cleanly.
 */
public final class RecordStage implements ToolStage {
    private final AgentWiring agent;

    /** Creates the stage for one agent. */
    public RecordStage(AgentWiring agent) {
        this.agent = agent;
    }

    @Override
    public ToolCall intercept(ToolInvocation call, Chain next) {
        ToolCall executed = next.proceed(call);
        switch (executed.outcome()) {
            case OK -> call.context().finish(EffectRecord.Status.DONE, executed.result());
            case ERROR -> call.context().finish(EffectRecord.Status.FAILED, executed.result());
            default -> call.context().writeSettled(); // TIMEOUT and UNKNOWN stay STARTED: what happened is found out by reconciling
        }
        agent.policy().completed(call.request(), counted(call, executed.outcome()));
        return executed;
    }

    static List<Spend> counted(ToolInvocation call, ToolCall.Outcome outcome) {
        return call.context().settled().orElseGet(() -> outcome == ToolCall.Outcome.ERROR ? List.of() : call.declaredSpends());
    }
}
