package dev.agentry.tools.chain;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ToolContext} for tests: records checkpoints, optionally carries an interrupted attempt. */
class TestContext implements ToolContext {
    final Map<String, String> checkpoints = new ConcurrentHashMap<>();
    /** What the tool settled, if it did. */
    volatile java.util.List<dev.agentry.core.Spend> settled;
    private final Optional<EffectRecord> interrupted;

    TestContext() {
        this(Optional.empty());
    }

    TestContext(Optional<EffectRecord> interrupted) {
        this.interrupted = interrupted;
    }

    /** A context whose interrupted attempt carries these checkpoints. */
    static TestContext interruptedWith(Map<String, String> details) {
        return new TestContext(Optional.of(new EffectRecord("k1", "agent", "e1", "transfer_native", EffectRecord.Status.STARTED,
                details, java.util.List.of(), Optional.empty(), Instant.now())));
    }

    @Override
    public String agentId() {
        return "agent";
    }

    @Override
    public Event event() {
        return Event.of("e1", "local", "alice", "c1", "test", Trust.OWNER);
    }

    @Override
    public String idempotencyKey() {
        return "k1";
    }

    @Override
    public Optional<EffectRecord> interruptedAttempt() {
        return interrupted;
    }

    @Override
    public void checkpoint(Map<String, String> details) {
        checkpoints.putAll(details);
    }

    @Override
    public void settle(java.util.List<dev.agentry.core.Spend> actual) {
        settled = java.util.List.copyOf(actual);
    }
}
