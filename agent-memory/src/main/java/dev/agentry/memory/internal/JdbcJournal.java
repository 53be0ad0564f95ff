package dev.agentry.memory.internal;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.TurnResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The journal store: the inbox (accepted and completed events), turns, effects with their typed
 * spend ledger (column {@code spends}) and dead letters, in the shared database. Every write is
 * committed when its method returns. When fenced ({@link Epochs}), accepting, completing, effects
 * and dead letters check the agent's epoch in the same transaction. Thread-safe.
 */
public final class JdbcJournal implements Journal {
    private static final String EFFECT_COLUMNS = "key, agent_id, event_id, tool, status, details, spends, result, updated_at";
    private final Db db;
    private final Epochs epochs;

    /** A journal over a migrated database. */
    public JdbcJournal(Db db) {
        this(db, null);
    }

    /** A journal whose writes are fenced by {@code epochs} (null: not fenced). */
    public JdbcJournal(Db db, Epochs epochs) {
        this.db = db;
        this.epochs = epochs;
    }

    /** Runs a write: fenced, in one transaction after the epoch check; else as before (a transaction only if asked). */
    private <T> T write(String what, String agentId, boolean transaction, Db.Work<T> work) {
        if (epochs != null) {
            return db.tx(what, c -> {
                epochs.check(c, agentId);
                return work.run(c);
            });
        }
        return transaction ? db.tx(what, work) : db.run(what, work);
    }

    @Override
    public boolean accept(String agentId, Event event) {
        return write("accepting event " + event.id() + " for agent " + agentId, agentId, false, c -> Db.update(c,
                "INSERT INTO inbox(agent_id, event_id, event, accepted_at) VALUES (?, ?, ?, ?) ON CONFLICT(agent_id, event_id) DO NOTHING",
                agentId, event.id(), Codec.eventToJson(event), Times.toNanos(Instant.now()))) == 1;
    }

    @Override
    public void complete(String agentId, String eventId) {
        write("completing event " + eventId + " for agent " + agentId, agentId, false, c -> complete(c, agentId, eventId));
    }

    private static int complete(Connection c, String agentId, String eventId) throws SQLException {
        return Db.update(c, "UPDATE inbox SET completed_at = ? WHERE agent_id = ? AND event_id = ? AND completed_at IS NULL",
                Times.toNanos(Instant.now()), agentId, eventId);
    }

    @Override
    public List<Event> pending(String agentId) {
        return db.list("reading pending events of agent " + agentId, "SELECT event FROM inbox WHERE agent_id = ? AND completed_at IS NULL ORDER BY seq",
                rs -> Codec.eventFromJson(rs.getString(1)), agentId);
    }

    @Override
    public void recordTurn(TurnResult turn) {
        db.update("recording a turn of agent " + turn.agentId(), "INSERT INTO turns(agent_id, event_id, turn, started_at) VALUES (?, ?, ?, ?)",
                turn.agentId(), turn.event().id(), Codec.turnToJson(turn), Times.toNanos(turn.startedAt()));
    }

    @Override
    public List<TurnResult> turns(String agentId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.list("reading turns of agent " + agentId, "SELECT turn FROM turns WHERE agent_id = ? ORDER BY seq DESC LIMIT ?",
                rs -> Codec.turnFromJson(rs.getString(1)), agentId, limit);
    }

    @Override
    public Optional<EffectRecord> effect(String key) {
        return effects("reading effect " + key, "key = ?", key).stream().findFirst();
    }

    @Override
    public void putEffect(EffectRecord r) {
        write("writing effect " + r.key(), r.agentId(), false, c -> Db.update(c, "INSERT INTO effects(" + EFFECT_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET agent_id = excluded.agent_id, event_id = excluded.event_id, tool = excluded.tool,"
                + " status = excluded.status, details = excluded.details, spends = excluded.spends, result = excluded.result,"
                + " updated_at = excluded.updated_at",
                r.key(), r.agentId(), r.eventId(), r.tool(), r.status().name(), Codec.mapToJson(r.details()), Codec.spendsToJson(r.spends()),
                r.result().orElse(null), Times.toNanos(r.updatedAt())));
    }

    @Override
    public List<EffectRecord> effectsSince(String agentId, Instant since) {
        return effects("reading effects of agent " + agentId, "agent_id = ? AND updated_at >= ? ORDER BY updated_at, key", agentId,
                Times.toNanos(since));
    }

    private List<EffectRecord> effects(String what, String where, Object... params) {
        return db.list(what, "SELECT " + EFFECT_COLUMNS + " FROM effects WHERE " + where, rs -> Codec.effect(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9)), params);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        write("dead-lettering event " + letter.event().id() + " of agent " + letter.agentId(), letter.agentId(), true, c -> {
            Db.update(c, "INSERT INTO dead_letters(agent_id, letter) VALUES (?, ?)", letter.agentId(), Codec.deadLetterToJson(letter));
            return complete(c, letter.agentId(), letter.event().id());
        });
    }

    @Override
    public List<DeadLetter> deadLetters(String agentId) {
        return db.list("reading dead letters of agent " + agentId, "SELECT letter FROM dead_letters WHERE agent_id = ? ORDER BY seq",
                rs -> Codec.deadLetterFromJson(rs.getString(1)), agentId);
    }
}
