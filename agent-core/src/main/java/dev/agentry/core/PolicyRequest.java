package dev.agentry.core;

import java.time.Instant;
import java.util.List;

/**
 * One tool call the policy must decide on, with everything the decision may depend on.
 *
 * @param agentId the calling agent
 * @param tool the tool name
 * @param effect the tool's effect class
 * @param event the event being processed (its trust, author, source)
 * @param arguments the validated arguments
 * @param spends what the call would move, as declared by the tool
 * @param idempotencyKey the call's idempotency key
 * @param at when the call is made
 */
public record PolicyRequest(
        String agentId,
        String tool,
        Effect effect,
        Event event,
        ToolArguments arguments,
        List<Spend> spends,
        String idempotencyKey,
        Instant at) {

    /** Copies the spends. */
    public PolicyRequest {
        spends = List.copyOf(spends);
    }

    /**
     * Returns the trust of the event's author.
     *
     * @return the trust
     */
    public Trust trust() {
        return event.trust();
    }
}
