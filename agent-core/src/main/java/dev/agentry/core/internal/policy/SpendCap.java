package dev.agentry.core.internal.policy;

import dev.agentry.core.CapUsage;
import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rule {@code spend-cap}: caps how much of each asset an agent spends over a rolling window. All
 * spends of an asset in one call count together, with or without a recipient, so a declared
 * worst-case fee in the native asset counts against the native asset's cap. Fail-closed: a call
 * spending an asset without a cap is denied (even an amount of zero), and so is a
 * {@link Effect#FUNDS} call that declares no spend at all.
 *
 * <p>Thread-safe across agents; see {@link LedgerRule}.
 */
public final class SpendCap extends LedgerRule {
    /** The rule's name. */
    public static final String NAME = "spend-cap";

    /**
     * Creates the rule.
     *
     * @param caps caps by normalised asset key
     */
    public SpendCap(Map<String, Cap> caps) {
        super(caps);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        if (request.effect() == Effect.FUNDS && request.spends().isEmpty()) {
            return PolicyDecision.deny(NAME, "FUNDS tool '" + request.tool() + "' declared no spend; refusing an unaccounted money movement");
        }
        for (var entry : PolicyFormats.perAsset(request.spends()).entrySet()) {
            String asset = entry.getKey();
            Cap cap = cap(asset);
            if (cap == null) {
                return PolicyDecision.deny(NAME, "no spend cap is configured for asset " + asset + "; spending it is not allowed");
            }
            BigDecimal spent = counted(request.agentId(), asset, Optional.empty(), request.at());
            if (spent.add(entry.getValue()).compareTo(cap.amount()) > 0) {
                return PolicyDecision.deny(NAME, "spending " + entry.getValue().toPlainString() + " " + asset
                        + " would exceed the cap of " + cap.amount().toPlainString() + " per " + PolicyFormats.human(cap.window())
                        + " (already spent " + spent.toPlainString() + ")");
            }
        }
        return PolicyDecision.allow();
    }

    /**
     * Returns how much of an asset counts within its cap's window ending at a time.
     *
     * @param agentId the agent
     * @param asset the asset key
     * @param at the end of the window
     * @return the amount, zero when the asset has no cap
     */
    public BigDecimal spent(String agentId, String asset, Instant at) {
        return counted(agentId, PolicyFormats.asset(asset), Optional.empty(), at);
    }

    /**
     * Reports each cap with what counts against it within its window ending at a time.
     *
     * @param agentId the agent
     * @param at the end of the windows
     * @return the caps, by asset
     */
    public List<CapUsage> usage(String agentId, Instant at) {
        return caps().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new CapUsage(NAME, e.getKey(), e.getValue().amount(), spent(agentId, e.getKey(), at), e.getValue().window()))
                .toList();
    }
}
