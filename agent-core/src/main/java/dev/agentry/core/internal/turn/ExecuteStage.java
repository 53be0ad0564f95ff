package dev.agentry.core.internal.turn;

import dev.agentry.core.Effect;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execute: runs the tool on a virtual thread of its own and waits up to the tool's timeout. A
 * {@link ToolException} is an error the model sees; any other exception is logged and shown as a
 * generic failure, and for a FUNDS tool its outcome is UNKNOWN (value may have moved). A tool that
 * does not finish in time is interrupted and reported as TIMEOUT. The last stage: it finishes
 * every call it gets, and publishes {@link RuntimeEvent.ToolCallExecuted} with the tool's own time.
 */
public final class ExecuteStage implements ToolStage {
    private static final Logger log = LoggerFactory.getLogger(ExecuteStage.class);

    private final AgentWiring agent;
    private final String agentId;

    /** Creates the stage for one agent. */
    public ExecuteStage(AgentWiring agent) {
        this.agent = agent;
        this.agentId = agent.agentId();
    }

    @Override
    public ToolCall intercept(ToolInvocation call, Chain next) {
        long t0 = System.nanoTime();
        ToolCall executed = execute(call);
        agent.publish(new RuntimeEvent.ToolCallExecuted(agentId, call.turn().id(), call.tool().name(), call.key(), executed.outcome(),
                Duration.ofNanos(System.nanoTime() - t0), agent.clock().instant()));
        return executed;
    }

    private ToolCall execute(ToolInvocation call) {
        call.turn().checkNotAbandoned();
        Tool tool = call.tool();
        FutureTask<String> task = new FutureTask<>(() -> tool.execute(call.arguments(), call.context()));
        Thread.ofVirtual().name("agentry-tool-" + agentId + "-" + tool.name()).start(task);
        try {
            String result = task.get(tool.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return finish(call, ToolCall.Outcome.OK, result == null ? "" : result);
        } catch (TimeoutException e) {
            task.cancel(true);
            return finish(call, ToolCall.Outcome.TIMEOUT, "error: tool '" + tool.name() + "' timed out after " + human(tool.timeout()));
        } catch (ExecutionException e) {
            return failed(call, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            task.cancel(true);
            throw new TurnInterruptedException();
        }
    }

    private ToolCall failed(ToolInvocation call, Throwable cause) {
        if (cause instanceof ToolException te) {
            return finish(call, ToolCall.Outcome.ERROR, ResultText.error(te.getMessage()));
        }
        Tool tool = call.tool();
        log.warn("tool {} of agent {} failed unexpectedly", tool.name(), agentId, cause);
        ToolCall.Outcome outcome = tool.effect() == Effect.FUNDS ? ToolCall.Outcome.UNKNOWN : ToolCall.Outcome.ERROR;
        return finish(call, outcome, "error: tool '" + tool.name() + "' failed unexpectedly (" + cause.getClass().getSimpleName() + ")");
    }

    private static ToolCall finish(ToolInvocation call, ToolCall.Outcome outcome, String result) {
        return call.finish(ToolCall.Decision.valueOf(call.decision().verdict().name()), call.decision().rule(), outcome, ResultText.shown(result));
    }

    private static String human(Duration timeout) {
        return timeout.toMillis() < 1_000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s";
    }
}
