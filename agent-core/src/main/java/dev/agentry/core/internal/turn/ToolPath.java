package dev.agentry.core.internal.turn;

import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.ToolCall;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The guarded path every tool call takes, model-made or invoked directly: validate → replay →
 * authorize → approve → journal → record → execute. Immutable and thread-safe.
 */
public final class ToolPath {
    private final AgentWiring agent;
    private final List<ToolStage> stages;

    /**
     * Builds the standard path for one agent.
     *
     * @param agent the agent's long-lived parts
     * @return the path
     */
    public static ToolPath standard(AgentWiring agent) {
        return new ToolPath(agent, List.of(
                new ValidateStage(agent),
                new ReplayStage(agent),
                new AuthorizeStage(agent),
                new ApproveStage(agent),
                new JournalStage(agent),
                new RecordStage(agent),
                new ExecuteStage(agent)));
    }

    /**
     * A path over the given stages, in order (for tests).
     *
     * @param agent the agent whose calls take it
     * @param stages the stages; the last one must finish every call it gets
     */
    public ToolPath(AgentWiring agent, List<ToolStage> stages) {
        this.agent = agent;
        this.stages = List.copyOf(stages);
    }

    /**
     * Takes a call along the path, times it in {@code agentry.tool.calls}, observes it as
     * {@code agentry.tool.call} (a child of the turn's observation), records it in its turn and
     * publishes {@link RuntimeEvent.ToolCallFinished}.
     *
     * @param call the call
     * @return how it ended
     */
    public ToolCall run(ToolInvocation call) {
        long t0 = System.nanoTime();
        Observation observation = agent.metrics().start("agentry.tool.call", call.turn().observation(), agent.agentId());
        ToolCall result;
        try (Observation.Scope scope = observation.openScope()) {
            result = new Link(0).proceed(call);
        } catch (RuntimeException e) {
            observation.error(e).stop();
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String tool = call.hasTool() ? call.tool().name() : "unknown";
        String effect = call.hasTool() ? call.tool().effect().name().toLowerCase(Locale.ROOT) : "none";
        String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
        observation.lowCardinalityKeyValue("tool", tool).lowCardinalityKeyValue("outcome", outcome).stop();
        agent.metrics().toolCall(agent.agentId(), tool, effect, outcome, took);
        call.turn().toolCalls().add(result);
        agent.publish(new RuntimeEvent.ToolCallFinished(agent.agentId(), call.turn().id(), result, took, agent.clock().instant()));
        return result;
    }

    private final class Link implements ToolStage.Chain {
        private final int index;

        Link(int index) {
            this.index = index;
        }

        @Override
        public ToolCall proceed(ToolInvocation call) {
            if (index >= stages.size()) {
                throw new IllegalStateException("no stage finished the call to '" + call.name() + "'");
            }
            return stages.get(index).intercept(call, new Link(index + 1));
        }
    }
}
