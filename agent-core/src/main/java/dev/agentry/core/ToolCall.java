package dev.agentry.core;

import java.util.Objects;

/**
 * One tool call the model made within a turn, as the journal records it.
 *
 * @param tool the tool name the model asked for
 * @param arguments the arguments, with secret-looking values redacted
 * @param decision what the runtime decided before executing
 * @param rule the policy rule or validation step that decided (for example {@code "spend-cap"},
 *     {@code "schema"}, {@code "idempotency"})
 * @param outcome how the call ended
 * @param result the text returned to the model (truncated)
 * @param idempotencyKey the call's idempotency key, empty when it was refused before one existed
 */
public record ToolCall(
        String tool, String arguments, Decision decision, String rule, Outcome outcome, String result, String idempotencyKey) {

    /** What the runtime decided on a call before executing it. */
    public enum Decision {
        /** The policy allowed the call (or its result was replayed from the journal). */
        ALLOW,
        /** The policy refused the call. */
        DENY,
        /** The policy held the call for a human's approval. */
        NEEDS_APPROVAL,
        /** The call never reached the policy: unknown tool, malformed or schema-invalid arguments. */
        INVALID
    }

    /** How a call ended. */
    public enum Outcome {
        /** The tool ran and returned a result. */
        OK,
        /** The tool reported an error; nothing moved. */
        ERROR,
        /** The policy refused the call, or approval was not given. */
        DENIED,
        /** The call was malformed; the tool was never asked. */
        INVALID,
        /** The tool did not finish within its timeout; what it did is unknown and will be reconciled. */
        TIMEOUT,
        /** The call had run before for the same event; its journalled result was returned. */
        REPLAYED,
        /** A value-moving tool failed unexpectedly; whether value moved is unknown and will be reconciled. */
        UNKNOWN,
        /**
         * The policy held the call for approval and it waits in the approval queue: nothing ran yet;
         * it runs once, later, if an operator approves it (see {@link dev.agentry.core.ApprovalQueue}).
         */
        HELD
    }

    /** Checks arguments. */
    public ToolCall {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
