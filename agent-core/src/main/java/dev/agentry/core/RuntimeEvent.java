package dev.agentry.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Something the runtime did, as {@link RuntimeListener}s see it. Every event names its agent and
 * when it happened; those that belong to a turn carry the turn's id, so a listener can group a
 * turn's model calls, tool calls and reply. A tool call made outside a model turn
 * ({@link AgentRuntime#invokeTool}) has a turn id of its own but no {@link TurnStarted}.
 *
 * <p>The order of one turn's events: {@link TurnStarted}, then per model call {@link ModelCalled},
 * per tool call {@link ToolCallDecided} (the policy's verdict), {@link ToolCallJournalled}
 * (STARTED), {@link ToolCallExecuted}, {@link ToolCallJournalled} (DONE or FAILED) and
 * {@link ToolCallFinished} (every call, refused ones included), then {@link ReplyPosted} and
 * {@link TurnFinished}. Arguments are redacted as the journal records them; no event holds a
 * secret. Immutable values.
 */
public sealed interface RuntimeEvent {

    /**
     * Returns the agent the event is about.
     *
     * @return the agent id
     */
    String agentId();

    /**
     * Returns when it happened.
     *
     * @return the time, from the runtime's clock
     */
    Instant at();

    /**
     * Returns the event's type name, stable and lower case, for wire formats (for example
     * {@code "turn.started"}).
     *
     * @return the type name
     */
    default String type() {
        return switch (this) {
            case TurnStarted e -> "turn.started";
            case TurnFinished e -> "turn.finished";
            case ModelCalled e -> "model.called";
            case ToolCallDecided e -> "tool.decided";
            case ToolCallExecuted e -> "tool.executed";
            case ToolCallJournalled e -> "tool.journalled";
            case ToolCallFinished e -> "tool.finished";
            case ReplyPosted e -> "reply.posted";
            case DeadLettered e -> "dead.letter";
            case ApprovalRequested e -> "approval.requested";
            case ApprovalDecided e -> "approval.decided";
        };
    }

    /**
     * A turn started processing an event (one per attempt).
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param event the event being processed
     * @param at when
     */
    record TurnStarted(String agentId, String turnId, Event event, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public TurnStarted {
            Checks.require(agentId, turnId, event, at);
        }
    }

    /**
     * A turn ended, however it ended.
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param result what the turn did
     * @param at when
     */
    record TurnFinished(String agentId, String turnId, TurnResult result, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public TurnFinished {
            Checks.require(agentId, turnId, result, at);
        }
    }

    /**
     * The chat model answered (or failed: {@link ModelCall#finishReason()} is {@code "error"}).
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param model the model's name, {@code "unknown"} when the model does not say
     * @param call tokens, latency and finish reason
     * @param at when the call ended
     */
    record ModelCalled(String agentId, String turnId, String model, ModelCall call, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public ModelCalled {
            Checks.require(agentId, turnId, model, call, at);
        }
    }

    /**
     * The policy decided on a tool call (including refusals by the trust gates before it).
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param tool the tool
     * @param arguments the arguments, redacted
     * @param decision allow, deny or hold for approval
     * @param rule the rule that decided
     * @param reason the rule's reason
     * @param spends what the call declared it would move (empty when refused before asking)
     * @param idempotencyKey the call's key
     * @param at when
     */
    record ToolCallDecided(String agentId, String turnId, String tool, String arguments, ToolCall.Decision decision, String rule,
            String reason, List<Spend> spends, String idempotencyKey, Instant at) implements RuntimeEvent {
        /** Checks arguments and copies the spends. */
        public ToolCallDecided {
            Checks.require(agentId, turnId, tool, arguments, decision, rule, reason, idempotencyKey, at);
            spends = List.copyOf(spends);
        }
    }

    /**
     * A tool ran (the tool itself, without the guarded path around it).
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param tool the tool
     * @param idempotencyKey the call's key
     * @param outcome OK, ERROR, TIMEOUT or UNKNOWN
     * @param duration how long the tool ran
     * @param at when it returned
     */
    record ToolCallExecuted(String agentId, String turnId, String tool, String idempotencyKey, ToolCall.Outcome outcome,
            Duration duration, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public ToolCallExecuted {
            Checks.require(agentId, turnId, tool, idempotencyKey, outcome, duration, at);
        }
    }

    /**
     * A tool call left the guarded path: how it ended, whichever stage finished it.
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param call the call as the turn records it
     * @param duration how long the whole path took
     * @param at when
     */
    record ToolCallFinished(String agentId, String turnId, ToolCall call, Duration duration, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public ToolCallFinished {
            Checks.require(agentId, turnId, call, duration, at);
        }
    }

    /**
     * The journal durably holds a tool call's record in this state: STARTED before the tool runs
     * (and again at each checkpoint), DONE or FAILED after. Sent after the journal's write returned.
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param record the record as written
     * @param at when
     */
    record ToolCallJournalled(String agentId, String turnId, EffectRecord record, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public ToolCallJournalled {
            Checks.require(agentId, turnId, record, at);
        }
    }

    /**
     * A reply went out through the event's channel.
     *
     * @param agentId the agent
     * @param turnId the turn
     * @param eventId the event answered
     * @param channel the channel (the event's source)
     * @param text the reply
     * @param at when
     */
    record ReplyPosted(String agentId, String turnId, String eventId, String channel, String text, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public ReplyPosted {
            Checks.require(agentId, turnId, eventId, channel, text, at);
        }
    }

    /**
     * An event failed every attempt and went to the dead letters.
     *
     * @param agentId the agent
     * @param letter the dead letter
     * @param at when
     */
    record DeadLettered(String agentId, DeadLetter letter, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public DeadLettered {
            Checks.require(agentId, letter, at);
        }
    }

    /**
     * A held tool call entered the approval queue.
     *
     * @param agentId the agent that made the call
     * @param approval the queued approval
     * @param at when
     */
    record ApprovalRequested(String agentId, Approval approval, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public ApprovalRequested {
            Checks.require(agentId, approval, at);
        }
    }

    /**
     * An approval was decided (approved, denied or expired), or its approved call ran.
     *
     * @param agentId the agent that made the call
     * @param approval the approval in its new state
     * @param at when
     */
    record ApprovalDecided(String agentId, Approval approval, Instant at) implements RuntimeEvent {
        /** Checks arguments. */
        public ApprovalDecided {
            Checks.require(agentId, approval, at);
        }
    }
}
