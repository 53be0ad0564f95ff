package dev.agentry.memory.internal;

import dev.agentry.core.FencedException;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fencing of a journal shared by a cluster (PostgreSQL): each agent has an epoch in table
 * {@code agent_epochs}; a handle that claims an agent raises it and holds the new value, and its
 * journal writes for the agent take their rows from that epoch row, read {@code FOR SHARE} and
 * only while it holds this handle's epoch (see {@link JdbcJournal}). A claim (an update of the
 * row) waits until a write in progress commits, and every write after a claim sees the new epoch.
 * Thread-safe.
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
     * The epoch this handle holds for an agent, for a write about to be made.
     *
     * @throws FencedException if it holds none (never claimed, or released)
     */
    long required(String agentId) {
        Long mine = held.get(agentId);
        if (mine == null) {
            throw new FencedException(agentId, "agent '" + agentId + "' is not claimed by node " + owner + ": journal write refused");
        }
        return mine;
    }

    /**
     * After a fenced write that changed no row: throws if the agent's epoch is no longer
     * {@code epoch} (the write was refused), else returns (it was a duplicate, or already done).
     *
     * @throws FencedException if another handle claimed the agent
     */
    void checkIfNothing(int changed, String agentId, long epoch) {
        if (changed > 0) {
            return;
        }
        long now = db.first("reading the epoch of agent " + agentId, "SELECT epoch FROM agent_epochs WHERE agent_id = ?", rs -> rs.getLong(1), agentId)
                .orElse(0L);
        if (now != epoch) {
            throw new FencedException(agentId, "agent '" + agentId + "' was taken over (epoch " + now + "; node " + owner + " holds " + epoch
                    + "): journal write refused");
        }
    }
}
