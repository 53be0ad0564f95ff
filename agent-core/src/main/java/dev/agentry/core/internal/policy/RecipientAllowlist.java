package dev.agentry.core.internal.policy;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Spend;
import java.util.Set;

/**
 * Rule {@code recipient-allowlist}: every address or account that receives value or control from a
 * call must be on the operator's list (case-insensitive). It checks every spend that names a
 * recipient, whatever its asset and amount, including the zero-amount spends by which tools declare
 * who receives control (an owner, a beneficiary), and assets without a cap. An empty list allows
 * any recipient.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecipientAllowlist implements PolicyRule {
    /** The rule's name. */
    public static final String NAME = "recipient-allowlist";

    private final Set<String> allowed;

    /**
     * Creates the rule.
     *
     * @param allowed the normalised recipients allowed; empty for any
     */
    public RecipientAllowlist(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        if (allowed.isEmpty()) {
            return PolicyDecision.allow();
        }
        for (Spend spend : request.spends()) {
            if (spend.recipient().isPresent() && !allowed.contains(PolicyFormats.recipient(spend.recipient().get()))) {
                return PolicyDecision.deny(NAME, "recipient " + spend.recipient().get().strip() + " is not on the allowlist");
            }
        }
        return PolicyDecision.allow();
    }
}
