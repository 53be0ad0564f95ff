package dev.agentry.core.internal.turn;

import dev.agentry.core.ToolCall;
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
     * Takes a call along the path, counts it in {@code agentry.tool.calls} and records it in its turn.
     *
     * @param call the call
     * @return how it ended
     */
    public ToolCall run(ToolInvocation call) {
        ToolCall result = new Link(0).proceed(call);
        String tool = call.hasTool() ? call.tool().name() : "unknown";
        String effect = call.hasTool() ? call.tool().effect().name().toLowerCase(Locale.ROOT) : "none";
        agent.metrics().toolCall(agent.agentId(), tool, effect, result.outcome().name().toLowerCase(Locale.ROOT));
        call.turn().toolCalls().add(result);
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
