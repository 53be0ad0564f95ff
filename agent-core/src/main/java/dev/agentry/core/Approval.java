package dev.agentry.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool call the policy held for a human, as it waits in the {@link ApprovalQueue}: who asked
 * (the event), what (tool and arguments), what it would spend, which rule held it and why, and
 * where it stands. There is one approval per call, keyed by the call's idempotency key.
 *
 * <p>Its life: {@link Status#PENDING} until an operator approves ({@link Status#APPROVED}) or
 * denies it ({@link Status#DENIED}), or its deadline passes ({@link Status#EXPIRED}). An approved
 * call runs through the same guarded path as any call, exactly once: whoever runs it moves it to
 * {@link Status#EXECUTING} first, and to {@link Status#EXECUTED} with the call's outcome after.
 *
 * @param id short id for operators and URLs
 * @param agentId the agent that made the call
 * @param event the event the call was made for; the approved call runs for the same event, so it
 *     keeps its idempotency key
 * @param tool the tool
 * @param arguments the arguments as a JSON object (calls whose arguments hold secret-looking
 *     values are never queued, so this is also what the journal shows)
 * @param spends what the call declared it would move
 * @param rule the policy rule that held it
 * @param reason why it was held
 * @param callKey the call's idempotency key
 * @param requestedAt when it was queued
 * @param expiresAt when it is denied unless decided before
 * @param status where it stands
 * @param decidedBy who decided (an operator's name, or {@code "timeout"}), once decided
 * @param note the operator's note, once decided
 * @param decidedAt when it was decided
 * @param outcome how the approved call ended, once executed
 * @param result the approved call's result text, once executed
 */
public record Approval(
        String id,
        String agentId,
        Event event,
        String tool,
        String arguments,
        List<Spend> spends,
        String rule,
        String reason,
        String callKey,
        Instant requestedAt,
        Instant expiresAt,
        Status status,
        Optional<String> decidedBy,
        Optional<String> note,
        Optional<Instant> decidedAt,
        Optional<ToolCall.Outcome> outcome,
        Optional<String> result) {

    /** Where an approval stands. */
    public enum Status {
        /** Waiting for an operator. */
        PENDING,
        /** Approved; the call is about to run. */
        APPROVED,
        /** The approved call is running. */
        EXECUTING,
        /** The approved call ran; {@link #outcome()} says how it ended. */
        EXECUTED,
        /** An operator denied it. */
        DENIED,
        /** Nobody decided before {@link #expiresAt()}: denied. */
        EXPIRED;

        /**
         * Returns whether an approval in this state is still waiting for an operator.
         *
         * @return {@code true} for {@link #PENDING}
         */
        public boolean pending() {
            return this == PENDING;
        }
    }

    /** Checks arguments and copies the spends. */
    public Approval {
        Checks.require(id, agentId, event, tool, arguments, spends, rule, reason, callKey, requestedAt, expiresAt, status, decidedBy, note,
                decidedAt, outcome, result);
        if (id.isBlank()) {
            throw new IllegalArgumentException("Approval.id must not be blank");
        }
        spends = List.copyOf(spends);
    }

    /**
     * Returns a new pending approval.
     *
     * @param id its id
     * @param request the held call
     * @param decision the policy's decision that held it
     * @param arguments the call's arguments as a JSON object
     * @param expiresAt its deadline
     * @return the approval
     */
    public static Approval pending(String id, PolicyRequest request, PolicyDecision decision, String arguments, Instant expiresAt) {
        return new Approval(id, request.agentId(), request.event(), request.tool(), arguments, request.spends(), decision.rule(),
                decision.reason(), request.idempotencyKey(), request.at(), expiresAt, Status.PENDING, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Returns a copy decided by someone.
     *
     * @param newStatus {@link Status#APPROVED}, {@link Status#DENIED} or {@link Status#EXPIRED}
     * @param by who decided, not blank
     * @param withNote the note, may be empty
     * @param at when
     * @return the copy
     */
    public Approval decided(Status newStatus, String by, String withNote, Instant at) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("an approval decision must name who decided");
        }
        return new Approval(id, agentId, event, tool, arguments, spends, rule, reason, callKey, requestedAt, expiresAt,
                Objects.requireNonNull(newStatus, "status"), Optional.of(by), Optional.of(Objects.requireNonNull(withNote, "note")),
                Optional.of(at), outcome, result);
    }

    /**
     * Returns a copy in another state, with the same decision.
     *
     * @param newStatus the state
     * @return the copy
     */
    public Approval with(Status newStatus) {
        return new Approval(id, agentId, event, tool, arguments, spends, rule, reason, callKey, requestedAt, expiresAt, newStatus,
                decidedBy, note, decidedAt, outcome, result);
    }

    /**
     * Returns the copy of an approved call that ran.
     *
     * @param call how the call ended
     * @return the copy, {@link Status#EXECUTED}
     */
    public Approval executed(ToolCall call) {
        return new Approval(id, agentId, event, tool, arguments, spends, rule, reason, callKey, requestedAt, expiresAt, Status.EXECUTED,
                decidedBy, note, decidedAt, Optional.of(call.outcome()), Optional.of(call.result()));
    }
}
