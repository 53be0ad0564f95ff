package dev.agentry.core.internal.turn;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tool sees of its call, and what the call's journal record holds so far. One per call;
 * thread-safe, because the tool runs on a worker thread while the turn's thread waits for it.
 */
public final class CallContext implements ToolContext {
    private final String agentId;
    private final Turn turn;
    private final String key;
    private final String tool;
    private final Optional<EffectRecord> interrupted;
    private final Journal journal;
    private final Clock clock;
    private EffectRecord record;
    private List<Spend> settled;

    CallContext(String agentId, Turn turn, String key, String tool, Optional<EffectRecord> interrupted, Journal journal, Clock clock) {
        this.agentId = agentId;
        this.turn = turn;
        this.key = key;
        this.tool = tool;
        this.interrupted = interrupted;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public Event event() {
        return turn.event();
    }

    @Override
    public String idempotencyKey() {
        return key;
    }

    @Override
    public Optional<EffectRecord> interruptedAttempt() {
        return interrupted;
    }

    @Override
    public void markEventAnswered() {
        turn.markAnswered();
    }

    @Override
    public synchronized void checkpoint(Map<String, String> details) {
        if (record == null) {
            record = new EffectRecord(key, agentId, turn.event().id(), tool, EffectRecord.Status.STARTED, Map.of(), List.of(),
                    Optional.empty(), clock.instant());
        }
        record = record.withDetails(details);
        journal.putEffect(record);
    }

    @Override
    public synchronized void settle(List<Spend> actual) {
        settled = List.copyOf(actual);
        if (record != null) {
            record = record.withSpends(settled);
            journal.putEffect(record);
        }
    }

    /** Makes a record the call's journal record (the journal stage's STARTED record). */
    synchronized void started(EffectRecord started) {
        record = started;
        journal.putEffect(started);
    }

    /** The call's journal record, if it is journalled. */
    synchronized Optional<EffectRecord> record() {
        return Optional.ofNullable(record);
    }

    /** The spends the tool settled, if it did. */
    synchronized Optional<List<Spend>> settled() {
        return Optional.ofNullable(settled);
    }

    /** Writes the call's final status and result, if it is journalled. */
    synchronized void finish(EffectRecord.Status status, String result) {
        if (record != null) {
            record = record.finish(status, result);
            journal.putEffect(record);
        }
    }
}
