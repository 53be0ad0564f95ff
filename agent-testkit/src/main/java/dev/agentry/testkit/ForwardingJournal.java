package dev.agentry.testkit;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.TurnResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Journal} that forwards every method to another journal, for tests that observe or change
 * one thing about a real one: override {@link #acceptAll} to count pages, or the writes to refuse
 * them as a fenced cluster journal would. Every method forwards, the default ones too, so the
 * wrapped journal's own one-commit writes ({@link #acceptAll}, {@link #finishTurn}) stay what the
 * runtime gets. Thread-safe if the wrapped journal is.
 */
public abstract class ForwardingJournal implements Journal {
    private final Journal delegate;

    /**
     * Wraps a journal.
     *
     * @param delegate the journal every call goes to unless overridden
     */
    protected ForwardingJournal(Journal delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public boolean accept(String agentId, Event event) {
        return delegate.accept(agentId, event);
    }

    @Override
    public List<Boolean> acceptAll(String agentId, List<Event> events) {
        return delegate.acceptAll(agentId, events);
    }

    @Override
    public void complete(String agentId, String eventId) {
        delegate.complete(agentId, eventId);
    }

    @Override
    public List<Event> pending(String agentId) {
        return delegate.pending(agentId);
    }

    @Override
    public void recordTurn(TurnResult turn) {
        delegate.recordTurn(turn);
    }

    @Override
    public void finishTurn(TurnResult turn) {
        delegate.finishTurn(turn);
    }

    @Override
    public List<TurnResult> turns(String agentId, int limit) {
        return delegate.turns(agentId, limit);
    }

    @Override
    public Optional<EffectRecord> effect(String key) {
        return delegate.effect(key);
    }

    @Override
    public void putEffect(EffectRecord record) {
        delegate.putEffect(record);
    }

    @Override
    public List<EffectRecord> effectsSince(String agentId, Instant since) {
        return delegate.effectsSince(agentId, since);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        delegate.deadLetter(letter);
    }

    @Override
    public List<DeadLetter> deadLetters(String agentId) {
        return delegate.deadLetters(agentId);
    }
}
