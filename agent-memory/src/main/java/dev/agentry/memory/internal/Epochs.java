package dev.agentry.memory.internal;

import dev.agentry.core.FencedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fencing of a journal shared by a cluster (PostgreSQL): each agent has an epoch in table
 * {@code agent_epochs}; a handle that claims an agent raises it and holds the new value, and its
 * journal writes for the agent check it inside their own transaction. The check reads the row
 * {@code FOR SHARE}, so a claim (an update of that row) waits until a write in progress commits,
 * and every write that starts after a claim committed sees the new epoch. Thread-safe.
 */
public final class Epochs {
    private final Db db;
    private final String owner;
    private final Map<String, Long> held = new ConcurrentHashMap<>();

    /** Epochs over a migrated PostgreSQL database; {@code owner} names this handle (a node id). */
    public Epochs(Db db, String owner) {
        this.db = db;
        this.owner = owner;
    }

    /** Raises the agent's epoch, records this handle as its owner, and holds the new epoch. */
    public long claim(String agentId) {
        long epoch = db.tx("claiming agent " + agentId, c -> Db.list(c, "INSERT INTO agent_epochs(agent_id, epoch, owner, claimed_at)"
                + " VALUES (?, 1, ?, ?) ON CONFLICT(agent_id) DO UPDATE SET epoch = agent_epochs.epoch + 1, owner = excluded.owner,"
                + " claimed_at = excluded.claimed_at RETURNING epoch", rs -> rs.getLong(1), agentId, owner, Times.toNanos(Instant.now())).get(0));
        held.put(agentId, epoch);
        return epoch;
    }

    /** Drops the claim: later writes for the agent through this handle are refused. */
    public void release(String agentId) {
        held.remove(agentId);
    }

    /** The epoch this handle holds for an agent, if it claimed it. */
    public OptionalLong held(String agentId) {
        Long epoch = held.get(agentId);
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /**
     * Inside a write's transaction: passes only when the agent's epoch in the database is the one
     * this handle holds, and keeps the row share-locked until the transaction ends.
     *
     * @throws FencedException otherwise (the transaction is then rolled back by the caller)
     */
    void check(Connection c, String agentId) throws SQLException {
        Long mine = held.get(agentId);
        if (mine == null) {
            throw new FencedException(agentId, "agent '" + agentId + "' is not claimed by node " + owner + ": journal write refused");
        }
        List<Long> current = Db.list(c, "SELECT epoch FROM agent_epochs WHERE agent_id = ? FOR SHARE", rs -> rs.getLong(1), agentId);
        long now = current.isEmpty() ? 0 : current.get(0);
        if (now != mine) {
            throw new FencedException(agentId, "agent '" + agentId + "' was taken over (epoch " + now + "; node " + owner + " holds " + mine
                    + "): journal write refused");
        }
    }
}
