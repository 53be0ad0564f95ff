package dev.agentry.tools.social;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.ToolContext;
import java.util.Map;
import java.util.Optional;

/** A tool context for calling tools directly in tests. */
final class TestContexts {
    private TestContexts() {}

    static ToolContext of(String agentId, Event event) {
        return new ToolContext() {
            @Override
            public String agentId() {
                return agentId;
            }

            @Override
            public Event event() {
                return event;
            }

            @Override
            public String idempotencyKey() {
                return "key-" + event.id();
            }

            @Override
            public Optional<EffectRecord> interruptedAttempt() {
                return Optional.empty();
            }

            @Override
            public void checkpoint(Map<String, String> details) {}
        };
    }
}
