package dev.agentry.x402;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import java.util.Map;
import java.util.Optional;

/** A tool context for programs: a fresh idempotency key per call, no journal. */
final class BenchContext implements ToolContext {
    private final String key = "bench-" + System.nanoTime();

    @Override
    public String agentId() {
        return "bench";
    }

    @Override
    public Event event() {
        return Event.of(key, "local", "operator", "bench", "measure", Trust.OWNER);
    }

    @Override
    public String idempotencyKey() {
        return key;
    }

    @Override
    public Optional<EffectRecord> interruptedAttempt() {
        return Optional.empty();
    }

    @Override
    public void checkpoint(Map<String, String> details) {
    }
}
