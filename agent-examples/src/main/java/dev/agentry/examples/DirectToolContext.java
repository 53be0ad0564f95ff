package dev.agentry.examples;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ToolContext} for running a tool directly at start-up, outside any turn and outside the
 * policy (for example, deploying the Tipper's token). Only for operator set-up steps.
 *
 * @param agentId the agent
 * @param idempotencyKey a key naming the step
 */
public record DirectToolContext(String agentId, String idempotencyKey) implements ToolContext {

    @Override
    public Event event() {
        return Event.of("setup:" + idempotencyKey, "setup", "operator", "setup", idempotencyKey, Trust.OWNER);
    }

    @Override
    public Optional<EffectRecord> interruptedAttempt() {
        return Optional.empty();
    }

    @Override
    public void checkpoint(Map<String, String> details) {
        // nothing to journal: set-up steps are checked on the chain instead
    }
}
