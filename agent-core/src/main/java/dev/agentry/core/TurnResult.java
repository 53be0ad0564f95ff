package dev.agentry.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one turn did: the event, the reply (or the decision to stay silent), the model and tool
 * calls, and the outcome. The journal keeps one per processed event.
 *
 * @param agentId the agent
 * @param event the event processed
 * @param outcome how the turn ended
 * @param reply the reply sent, empty when silent or failed
 * @param modelCalls the model calls, in order
 * @param toolCalls the tool calls, in order
 * @param startedAt when the turn started
 * @param duration how long the turn took
 * @param error what went wrong, for failed turns
 */
public record TurnResult(
        String agentId,
        Event event,
        Outcome outcome,
        Optional<String> reply,
        List<ModelCall> modelCalls,
        List<ToolCall> toolCalls,
        Instant startedAt,
        Duration duration,
        Optional<String> error) {

    /** How a turn ended. */
    public enum Outcome {
        /** The agent replied. */
        REPLIED,
        /** The agent chose not to reply. */
        SILENT,
        /** The event had been processed before; nothing was done. */
        DUPLICATE,
        /** The turn failed; the event may be retried or dead-lettered. */
        FAILED,
        /** The agent's daily token budget was spent; the event was not processed. */
        BUDGET_EXHAUSTED,
        /** An {@link EventGate} turned the event away before it was accepted; nothing was done. */
        GATED
    }

    /** Copies lists. */
    public TurnResult {
        modelCalls = List.copyOf(modelCalls);
        toolCalls = List.copyOf(toolCalls);
    }

    /**
     * Returns the prompt tokens of all model calls.
     *
     * @return the sum
     */
    public int inputTokens() {
        return modelCalls.stream().mapToInt(ModelCall::inputTokens).sum();
    }

    /**
     * Returns the completion tokens of all model calls.
     *
     * @return the sum
     */
    public int outputTokens() {
        return modelCalls.stream().mapToInt(ModelCall::outputTokens).sum();
    }
}
