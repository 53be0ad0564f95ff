package dev.agentry.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Journal} kept in memory: fine for tests and demos, lost on restart. Keeps at most
 * {@code maxTurnsPerAgent} turns per agent. Thread-safe.
 */
public final class InMemoryJournal implements Journal {
    private final int maxTurnsPerAgent;
    private final Map<String, Map<String, Event>> inbox = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Boolean>> seen = new ConcurrentHashMap<>();
    private final Map<String, Deque<TurnResult>> turns = new ConcurrentHashMap<>();
    private final Map<String, EffectRecord> effects = new ConcurrentHashMap<>();
    private final Map<String, List<DeadLetter>> deadLetters = new ConcurrentHashMap<>();

    /** Creates a journal keeping up to 1,000 turns per agent. */
    public InMemoryJournal() {
        this(1_000);
    }

    /**
     * Creates a journal.
     *
     * @param maxTurnsPerAgent turns kept per agent, at least 1
     */
    public InMemoryJournal(int maxTurnsPerAgent) {
        if (maxTurnsPerAgent < 1) {
            throw new IllegalArgumentException("maxTurnsPerAgent must be at least 1, was " + maxTurnsPerAgent);
        }
        this.maxTurnsPerAgent = maxTurnsPerAgent;
    }

    @Override
    public boolean accept(String agentId, Event event) {
        Map<String, Boolean> ids = seen.computeIfAbsent(agentId, k -> new ConcurrentHashMap<>());
        if (ids.putIfAbsent(event.id(), Boolean.TRUE) != null) {
            return false;
        }
        Map<String, Event> pending = inbox.computeIfAbsent(agentId, k -> new LinkedHashMap<>());
        synchronized (pending) {
            pending.put(event.id(), event);
        }
        return true;
    }

    @Override
    public void complete(String agentId, String eventId) {
        Map<String, Event> pending = inbox.get(agentId);
        if (pending != null) {
            synchronized (pending) {
                pending.remove(eventId);
            }
        }
    }

    @Override
    public List<Event> pending(String agentId) {
        Map<String, Event> pending = inbox.get(agentId);
        if (pending == null) {
            return List.of();
        }
        synchronized (pending) {
            return List.copyOf(pending.values());
        }
    }

    @Override
    public void recordTurn(TurnResult turn) {
        Deque<TurnResult> deque = turns.computeIfAbsent(turn.agentId(), k -> new ArrayDeque<>());
        synchronized (deque) {
            deque.addFirst(turn);
            while (deque.size() > maxTurnsPerAgent) {
                deque.removeLast();
            }
        }
    }

    @Override
    public List<TurnResult> turns(String agentId, int limit) {
        Deque<TurnResult> deque = turns.get(agentId);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return deque.stream().limit(limit).toList();
        }
    }

    @Override
    public Optional<EffectRecord> effect(String key) {
        return Optional.ofNullable(effects.get(key));
    }

    @Override
    public void putEffect(EffectRecord record) {
        effects.put(record.key(), record);
    }

    @Override
    public List<EffectRecord> effectsSince(String agentId, Instant since) {
        return effects.values().stream()
                .filter(r -> r.agentId().equals(agentId) && !r.updatedAt().isBefore(since))
                .sorted(java.util.Comparator.comparing(EffectRecord::updatedAt))
                .toList();
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        List<DeadLetter> list = deadLetters.computeIfAbsent(letter.agentId(), k -> new ArrayList<>());
        synchronized (list) {
            list.add(letter);
        }
        complete(letter.agentId(), letter.event().id());
    }

    @Override
    public List<DeadLetter> deadLetters(String agentId) {
        List<DeadLetter> list = deadLetters.get(agentId);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }
}
