package dev.agentry.core.internal.turn;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tool sees of its call, and what the call's journal record holds so far. Every write of
 * the record is published as {@link RuntimeEvent.ToolCallJournalled} once the journal returned.
 * One per call; thread-safe, because the tool runs on a worker thread while the turn's thread
 * waits for it.
 */
public final class CallContext implements ToolContext {
    private final String agentId;
    private final Turn turn;
    private final String key;
    private final String tool;
    private final Optional<EffectRecord> interrupted;
    private final Journal journal;
    private final Clock clock;
    private final AgentWiring agent;
    private EffectRecord record;
    private List<Spend> settled;
    private boolean settledUnwritten;

    CallContext(AgentWiring agent, Turn turn, String key, String tool, Optional<EffectRecord> interrupted) {
        this.agent = agent;
        this.agentId = agent.agentId();
        this.turn = turn;
        this.key = key;
        this.tool = tool;
        this.interrupted = interrupted;
        this.journal = agent.journal();
        this.clock = agent.clock();
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
        write();
    }

    /**
     * {@inheritDoc} Here the settled spends go into the call's journal record with its next write:
     * the final status ({@link #finish}), a checkpoint, or {@link #writeSettled} for a call that
     * stays STARTED. One journal write (one commit) fewer per transfer; until then the record holds
     * the declared worst case, which is what a restart would count.
     */
    @Override
    public synchronized void settle(List<Spend> actual) {
        settled = List.copyOf(actual);
        if (record != null) {
            record = record.withSpends(settled);
            settledUnwritten = true;
        }
    }

    /** Writes settled spends that no later write carried (a call that timed out or failed unexpectedly after settling). */
    synchronized void writeSettled() {
        if (settledUnwritten) {
            write();
        }
    }

    /** Makes a record the call's journal record (the journal stage's STARTED record). */
    synchronized void started(EffectRecord started) {
        record = started;
        write();
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
            write();
        }
    }

    private void write() {
        settledUnwritten = false;
        journal.putEffect(record);
        agent.publish(new RuntimeEvent.ToolCallJournalled(agentId, turn.id(), record, clock.instant()));
    }
}
