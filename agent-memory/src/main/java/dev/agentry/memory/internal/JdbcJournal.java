package dev.agentry.memory.internal;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Journal;
import dev.agentry.core.TurnResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The journal store: the inbox (accepted and completed events), turns, effects with their typed
 * spend ledger (column {@code spends}) and dead letters, in the shared database. Every write is
 * committed when its method returns. The writes of concurrent agents share transactions
 * ({@link GroupCommit}: one fsync for all of them); a turn recorded together with its event's
 * completion is one write.
 *
 * <p>Fenced (cluster mode, PostgreSQL, see {@link Epochs}), accepting and completing events,
 * effects and dead letters are each one statement of their own (not grouped) whose rows come from
 * the agent's epoch row, read {@code FOR SHARE} and only if it still holds this handle's epoch: the
 * check and the write are atomic, a claim waits for a write in progress, and no lock outlives the
 * statement (a node paused between two statements holds none). A write that changed nothing is
 * then told apart: fenced, or a duplicate. Thread-safe.
 */
public final class JdbcJournal implements Journal {
    private static final String EFFECT_COLUMNS = "key, agent_id, event_id, tool, status, details, spends, result, updated_at";
    private static final String EFFECT_UPSERT = " ON CONFLICT(key) DO UPDATE SET agent_id = excluded.agent_id, event_id = excluded.event_id,"
            + " tool = excluded.tool, status = excluded.status, details = excluded.details, spends = excluded.spends, result = excluded.result,"
            + " updated_at = excluded.updated_at";
    private static final String FENCE = " FROM agent_epochs WHERE agent_id = ? AND epoch = ? FOR SHARE";
    private static final String ACCEPT = "INSERT INTO inbox(agent_id, event_id, event, accepted_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT(agent_id, event_id) DO NOTHING";
    private static final String INSERT_TURN = "INSERT INTO turns(agent_id, event_id, turn, started_at) VALUES (?, ?, ?, ?)";
    private final Db db;
    private final GroupCommit commits;
    private final Epochs epochs;

    /**
     * A journal over a migrated database, committing its inbox and turn writes in groups; fenced by
     * {@code epochs} (null: not fenced; PostgreSQL only).
     */
    JdbcJournal(Db db, GroupCommit commits, Epochs epochs) {
        this.db = db;
        this.commits = commits;
        this.epochs = epochs;
    }

    /** Whether writes are fenced: they are then single statements, never grouped or queued behind memories. */
    boolean fenced() {
        return epochs != null;
    }

    @Override
    public boolean accept(String agentId, Event event) {
        if (epochs != null) {
            long epoch = epochs.required(agentId);
            int added = db.update("accepting event " + event.id() + " for agent " + agentId, "INSERT INTO inbox(agent_id, event_id, event, accepted_at)"
                    + " SELECT ?, ?, ?, ?" + FENCE + " ON CONFLICT(agent_id, event_id) DO NOTHING",
                    agentId, event.id(), Codec.eventToJson(event), Times.toNanos(Instant.now()), agentId, epoch);
            epochs.checkIfNothing(added, agentId, epoch);
            return added == 1;
        }
        String json = Codec.eventToJson(event);
        long now = Times.toNanos(Instant.now());
        return commits.run("accepting event " + event.id() + " for agent " + agentId, c -> Db.update(c, ACCEPT, agentId, event.id(), json, now)) == 1;
    }

    /** {@inheritDoc} Here: one write, committed with the group (fenced: one statement per event). */
    @Override
    public List<Boolean> acceptAll(String agentId, List<Event> events) {
        if (epochs != null || events.size() < 2) {
            return Journal.super.acceptAll(agentId, events);
        }
        List<String> json = events.stream().map(Codec::eventToJson).toList();
        long now = Times.toNanos(Instant.now());
        return commits.run("accepting " + events.size() + " events for agent " + agentId, c -> {
            List<Boolean> accepted = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                accepted.add(Db.update(c, ACCEPT, agentId, events.get(i).id(), json.get(i), now) == 1);
            }
            return accepted;
        });
    }

    @Override
    public void complete(String agentId, String eventId) {
        if (epochs != null) {
            long epoch = epochs.required(agentId);
            epochs.checkIfNothing(db.update("completing event " + eventId + " for agent " + agentId, "UPDATE inbox SET completed_at = ?"
                    + " WHERE agent_id = ? AND event_id = ? AND completed_at IS NULL AND EXISTS (SELECT 1" + FENCE + ")",
                    Times.toNanos(Instant.now()), agentId, eventId, agentId, epoch), agentId, epoch);
            return;
        }
        commits.run("completing event " + eventId + " for agent " + agentId, completing(agentId, eventId));
    }

    /** The write that completes an event (for a caller that commits it with other writes). */
    Db.Work<Integer> completing(String agentId, String eventId) {
        return c -> Db.update(c, "UPDATE inbox SET completed_at = ? WHERE agent_id = ? AND event_id = ? AND completed_at IS NULL",
                Times.toNanos(Instant.now()), agentId, eventId);
    }

    /** {@inheritDoc} Here: one write, committed with the group. */
    @Override
    public void finishTurn(TurnResult turn) {
        if (epochs != null) {
            recordTurn(turn);
            complete(turn.agentId(), turn.event().id());
            return;
        }
        commits.run("recording and completing a turn of agent " + turn.agentId(), finishing(turn));
    }

    /** The write that records a turn and completes its event (for a caller that commits it with other writes). */
    Db.Work<Integer> finishing(TurnResult turn) {
        Object[] row = {turn.agentId(), turn.event().id(), Codec.turnToJson(turn), Times.toNanos(turn.startedAt())};
        Db.Work<Integer> complete = completing(turn.agentId(), turn.event().id());
        return c -> {
            Db.update(c, INSERT_TURN, row);
            return complete.run(c);
        };
    }

    @Override
    public List<Event> pending(String agentId) {
        return db.list("reading pending events of agent " + agentId, "SELECT event FROM inbox WHERE agent_id = ? AND completed_at IS NULL ORDER BY seq",
                rs -> Codec.eventFromJson(rs.getString(1)), agentId);
    }

    @Override
    public void recordTurn(TurnResult turn) {
        String json = Codec.turnToJson(turn);
        commits.run("recording a turn of agent " + turn.agentId(), c -> Db.update(c, INSERT_TURN, turn.agentId(), turn.event().id(), json,
                Times.toNanos(turn.startedAt())));
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
        Object[] row = {r.key(), r.agentId(), r.eventId(), r.tool(), r.status().name(), Codec.mapToJson(r.details()), Codec.spendsToJson(r.spends()),
            r.result().orElse(null), Times.toNanos(r.updatedAt())};
        if (epochs != null) {
            long epoch = epochs.required(r.agentId());
            Object[] fenced = Arrays.copyOf(row, row.length + 2);
            fenced[row.length] = r.agentId();
            fenced[row.length + 1] = epoch;
            epochs.checkIfNothing(db.update("writing effect " + r.key(), "INSERT INTO effects(" + EFFECT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                    + FENCE + EFFECT_UPSERT, fenced), r.agentId(), epoch);
            return;
        }
        commits.run("writing effect " + r.key(), c -> Db.update(c, "INSERT INTO effects(" + EFFECT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + EFFECT_UPSERT, row));
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
        if (epochs != null) {
            long epoch = epochs.required(letter.agentId());
            epochs.checkIfNothing(db.update("dead-lettering event " + letter.event().id() + " of agent " + letter.agentId(),
                    "WITH fence AS (SELECT agent_id" + FENCE + "), letter AS (INSERT INTO dead_letters(agent_id, letter) SELECT agent_id, ? FROM fence"
                    + " RETURNING agent_id) UPDATE inbox SET completed_at = ? WHERE agent_id IN (SELECT agent_id FROM letter) AND event_id = ?"
                    + " AND completed_at IS NULL", letter.agentId(), epoch, Codec.deadLetterToJson(letter), Times.toNanos(Instant.now()),
                    letter.event().id()), letter.agentId(), epoch);
            return;
        }
        commits.run("dead-lettering event " + letter.event().id() + " of agent " + letter.agentId(), deadLettering(letter));
    }

    /** The write that records a dead letter and completes its event (for a caller that commits it with other writes). */
    Db.Work<Integer> deadLettering(DeadLetter letter) {
        String json = Codec.deadLetterToJson(letter);
        Db.Work<Integer> complete = completing(letter.agentId(), letter.event().id());
        return c -> {
            Db.update(c, "INSERT INTO dead_letters(agent_id, letter) VALUES (?, ?)", letter.agentId(), json);
            return complete.run(c);
        };
    }

    @Override
    public List<DeadLetter> deadLetters(String agentId) {
        return db.list("reading dead letters of agent " + agentId, "SELECT letter FROM dead_letters WHERE agent_id = ? ORDER BY seq",
                rs -> Codec.deadLetterFromJson(rs.getString(1)), agentId);
    }
}
