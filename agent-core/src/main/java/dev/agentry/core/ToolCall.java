package dev.agentry.core;

/**
 * One tool call the model made within a turn, as the journal records it.
 *
 * @param tool the tool name the model asked for
 * @param arguments the arguments, with secret-looking values redacted
 * @param decision the policy's verdict ({@code ALLOW}, {@code DENY}, {@code NEEDS_APPROVAL}) or
 *     {@code INVALID} when validation failed before the policy was asked
 * @param rule the policy rule or validation step that decided
 * @param outcome {@code ok}, {@code error}, {@code denied}, {@code invalid}, {@code timeout},
 *     {@code replayed} (result taken from the journal)
 * @param result the text returned to the model (truncated)
 * @param idempotencyKey the call's idempotency key
 */
public record ToolCall(
        String tool, String arguments, String decision, String rule, String outcome, String result, String idempotencyKey) {}
