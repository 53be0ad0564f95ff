package dev.agentry.core;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The journal's record of one side-effecting tool call (or reply), keyed by its idempotency key.
 *
 * <p>The runtime writes it as {@link Status#STARTED} before the call executes, tools add
 * {@link ToolContext#checkpoint checkpoints} (such as a transaction hash) before a point of no
 * return, and the runtime writes the final status and result after. A call whose key is
 * {@link Status#DONE} is never executed again: its recorded result is returned.
 *
 * @param key the idempotency key
 * @param agentId the agent that made the call
 * @param eventId the event the call was made for
 * @param tool the tool name (or {@code "reply"} for replies)
 * @param status where the call stands
 * @param details checkpoints (such as a transaction hash and nonce); never secrets
 * @param spends what the call counts against spend caps: the declared spends while it runs, the
 *     settled ones once the tool reported what really moved (see {@link ToolContext#settle})
 * @param result the result text once done or failed
 * @param updatedAt when the record was last written
 */
public record EffectRecord(
        String key,
        String agentId,
        String eventId,
        String tool,
        Status status,
        Map<String, String> details,
        List<Spend> spends,
        Optional<String> result,
        Instant updatedAt) {

    /** Where a call stands. */
    public enum Status {
        /** Started; if found after a restart, the call was interrupted. */
        STARTED,
        /** Finished; its result is final. */
        DONE,
        /** Failed without effect; may be tried again. */
        FAILED
    }

    /** Checks arguments and copies the details. */
    public EffectRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(status, "status");
        details = Map.copyOf(details);
        spends = List.copyOf(spends);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * Returns a copy with another status and result.
     *
     * @param newStatus the status
     * @param newResult the result text
     * @return the copy, stamped now
     */
    public EffectRecord finish(Status newStatus, String newResult) {
        return new EffectRecord(key, agentId, eventId, tool, newStatus, details, spends, Optional.of(newResult), Instant.now());
    }

    /**
     * Returns a copy with more details.
     *
     * @param more details to merge (later values win)
     * @return the copy, stamped now
     */
    public EffectRecord withDetails(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(details);
        merged.putAll(more);
        return new EffectRecord(key, agentId, eventId, tool, status, merged, spends, result, Instant.now());
    }

    /**
     * Returns a copy whose spends are replaced, for example by the amounts that really moved
     * once a transaction's receipt is known.
     *
     * @param settled the spends that now count against the caps
     * @return the copy, stamped now
     */
    public EffectRecord withSpends(List<Spend> settled) {
        return new EffectRecord(key, agentId, eventId, tool, status, details, settled, result, Instant.now());
    }
}
