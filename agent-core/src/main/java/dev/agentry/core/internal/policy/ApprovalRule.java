package dev.agentry.core.internal.policy;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Rule {@code approval}: holds calls for a human's approval: every call of the listed tools, and
 * every call whose spends of an asset add up to more than that asset's threshold (fees included).
 * It never denies; the approval hook decides.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApprovalRule implements PolicyRule {
    /** The rule's name. */
    public static final String NAME = "approval";

    private final Set<String> tools;
    private final Map<String, BigDecimal> thresholds;

    /**
     * Creates the rule.
     *
     * @param tools tools whose every call needs approval
     * @param thresholds amounts per normalised asset key above which a call needs approval
     */
    public ApprovalRule(Set<String> tools, Map<String, BigDecimal> thresholds) {
        this.tools = Set.copyOf(tools);
        this.thresholds = Map.copyOf(thresholds);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        if (tools.contains(request.tool())) {
            return PolicyDecision.needsApproval(NAME, "tool '" + request.tool() + "' needs a human's approval for this call");
        }
        for (var entry : PolicyFormats.perAsset(request.spends()).entrySet()) {
            BigDecimal threshold = thresholds.get(entry.getKey());
            if (threshold != null && entry.getValue().compareTo(threshold) > 0) {
                return PolicyDecision.needsApproval(NAME, "spending " + entry.getValue().toPlainString() + " " + entry.getKey()
                        + " is above the approval threshold of " + threshold.toPlainString());
            }
        }
        return PolicyDecision.allow();
    }
}
