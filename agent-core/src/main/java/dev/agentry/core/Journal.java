package dev.agentry.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable record of what agents did: the event inbox (deduplication and recovery), turns,
 * effects with their idempotency keys, and dead letters. It is the source of the runtime's
 * exactly-once guarantees. Implementations must be thread-safe; durable ones must have persisted
 * a write when the method returns. A journal shared by a cluster may refuse {@link #accept},
 * {@link #complete}, {@link #putEffect} and {@link #deadLetter} for an agent another runtime took
 * over, with a {@link FencedException} (nothing is written then).
 *
 * <p>{@link dev.agentry.core.InMemoryJournal} keeps everything in memory; {@code agent-memory}
 * provides SQLite and PostgreSQL journals.
 */
public interface Journal {

    /**
     * Accepts an event into an agent's inbox, unless its id was accepted before.
     *
     * @param agentId the agent
     * @param event the event
     * @return {@code true} if accepted now, {@code false} if it is a duplicate
     */
    boolean accept(String agentId, Event event);

    /**
     * Accepts events into an agent's inbox in order, each unless its id was accepted before
     * (including earlier in the same list), as {@link #accept} one by one does; durable journals
     * make it one write (one commit), which is how a feed's page of events costs one fsync instead
     * of one per event. The default calls {@link #accept} for each: if one throws, those before it
     * stay accepted (the runtime then queues them; a one-write journal accepts none).
     *
     * @param agentId the agent
     * @param events the events, oldest first
     * @return for each event, in order, {@code true} if accepted now, {@code false} if a duplicate
     */
    default List<Boolean> acceptAll(String agentId, List<Event> events) {
        List<Boolean> accepted = new java.util.ArrayList<>(events.size());
        for (Event event : events) {
            accepted.add(accept(agentId, event));
        }
        return accepted;
    }

    /**
     * Marks an accepted event as processed (replied, silent, or dead-lettered).
     *
     * @param agentId the agent
     * @param eventId the event id
     */
    void complete(String agentId, String eventId);

    /**
     * Returns events accepted but not completed, oldest first: after a restart these are
     * processed again.
     *
     * @param agentId the agent
     * @return the pending events
     */
    List<Event> pending(String agentId);

    /**
     * Records a finished turn.
     *
     * @param turn the turn
     */
    void recordTurn(TurnResult turn);

    /**
     * Records a finished turn and marks its event processed, as {@link #recordTurn} followed by
     * {@link #complete} do; durable journals may make both one write (one commit). The runtime
     * calls it for every turn that is not dead-lettered.
     *
     * @param turn the turn; its event is the one completed
     */
    default void finishTurn(TurnResult turn) {
        recordTurn(turn);
        complete(turn.agentId(), turn.event().id());
    }

    /**
     * Returns an agent's most recent turns, newest first.
     *
     * @param agentId the agent
     * @param limit maximum number
     * @return the turns
     */
    List<TurnResult> turns(String agentId, int limit);

    /**
     * Looks up an effect by idempotency key.
     *
     * @param key the key
     * @return the record, if any
     */
    Optional<EffectRecord> effect(String key);

    /**
     * Inserts or replaces an effect record.
     *
     * @param record the record
     */
    void putEffect(EffectRecord record);

    /**
     * Returns an agent's effects updated at or after a time, oldest first (used to rebuild spend
     * windows after a restart).
     *
     * @param agentId the agent
     * @param since the earliest update time
     * @return the records
     */
    List<EffectRecord> effectsSince(String agentId, Instant since);

    /**
     * Records a dead letter and completes its event.
     *
     * @param letter the dead letter
     */
    void deadLetter(DeadLetter letter);

    /**
     * Returns an agent's dead letters, oldest first.
     *
     * @param agentId the agent
     * @return the dead letters
     */
    List<DeadLetter> deadLetters(String agentId);
}
