package dev.agentry.core.internal.policy;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bookkeeping the cap rules share: a {@link SpendLedger} per agent, filled when a call is
 * admitted, corrected when it completes and rebuilt from the journal (failed calls count nothing).
 *
 * <p>Thread-safe across agents; one agent's ledger is guarded by the policy's agent lock.
 */
public abstract class LedgerRule implements JournalledRule {
    private final Map<String, SpendLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<String, Cap> caps;
    private final Duration window;

    /**
     * Creates the rule.
     *
     * @param caps caps by normalised asset key
     */
    protected LedgerRule(Map<String, Cap> caps) {
        this.caps = Map.copyOf(caps);
        this.window = this.caps.values().stream().map(Cap::window).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * Returns the cap of an asset.
     *
     * @param asset the normalised asset key
     * @return the cap, or {@code null} when the asset has none
     */
    protected final Cap cap(String asset) {
        return caps.get(asset);
    }

    /**
     * Returns every cap.
     *
     * @return caps by normalised asset key
     */
    protected final Map<String, Cap> caps() {
        return caps;
    }

    /**
     * Returns an agent's ledger.
     *
     * @param agentId the agent
     * @return the ledger
     */
    protected final SpendLedger ledger(String agentId) {
        return ledgers.computeIfAbsent(agentId, id -> new SpendLedger());
    }

    @Override
    public final Duration window() {
        return window;
    }

    @Override
    public final void admitted(PolicyRequest request) {
        if (!caps.isEmpty()) {
            SpendLedger ledger = ledger(request.agentId());
            ledger.forget(request.at().minus(window));
            ledger.reserve(request.idempotencyKey(), request.spends(), request.at());
        }
    }

    @Override
    public final void completed(PolicyRequest request, List<Spend> counted) {
        if (!caps.isEmpty()) {
            ledger(request.agentId()).replace(request.idempotencyKey(), counted, request.at());
        }
    }

    @Override
    public final void restore(String agentId, List<EffectRecord> records) {
        if (caps.isEmpty()) {
            return;
        }
        SpendLedger ledger = ledger(agentId);
        for (EffectRecord record : records) {
            if (record.status() != EffectRecord.Status.FAILED) {
                ledger.reserve(record.key(), record.spends(), record.updatedAt());
            }
        }
    }

    /**
     * Returns how much of an asset counts within its cap's window ending at a time.
     *
     * @param agentId the agent
     * @param asset the normalised asset key
     * @param recipient the normalised recipient, or empty for all
     * @param at the end of the window
     * @return the amount, zero when the asset has no cap
     */
    protected final BigDecimal counted(String agentId, String asset, Optional<String> recipient, Instant at) {
        Cap cap = caps.get(asset);
        return cap == null ? BigDecimal.ZERO : ledger(agentId).spent(asset, recipient, at.minus(cap.window()));
    }
}
