package dev.agentry.core.internal.policy;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rule {@code recipient-cap}: caps how much of an asset one recipient receives from an agent over a
 * rolling window. Only spends to that recipient count (a fee, which has no recipient, does not);
 * several spends to the same recipient in one call count together. Assets without a per-recipient
 * cap are left to the other rules.
 *
 * <p>Thread-safe across agents; see {@link LedgerRule}.
 */
public final class RecipientCap extends LedgerRule {
    /** The rule's name. */
    public static final String NAME = "recipient-cap";

    private record Receiver(String asset, String recipient) {}

    /**
     * Creates the rule.
     *
     * @param caps per-recipient caps by normalised asset key
     */
    public RecipientCap(Map<String, Cap> caps) {
        super(caps);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        Map<Receiver, BigDecimal> received = new LinkedHashMap<>();
        for (Spend spend : request.spends()) {
            String asset = PolicyFormats.asset(spend.asset());
            if (cap(asset) != null && spend.recipient().isPresent()) {
                received.merge(new Receiver(asset, PolicyFormats.recipient(spend.recipient().get())), spend.amount(), BigDecimal::add);
            }
        }
        for (var entry : received.entrySet()) {
            Receiver to = entry.getKey();
            Cap cap = cap(to.asset());
            BigDecimal sent = counted(request.agentId(), to.asset(), Optional.of(to.recipient()), request.at());
            if (sent.add(entry.getValue()).compareTo(cap.amount()) > 0) {
                return PolicyDecision.deny(NAME, "sending " + entry.getValue().toPlainString() + " " + to.asset() + " to " + to.recipient()
                        + " would exceed the per-recipient cap of " + cap.amount().toPlainString() + " per "
                        + PolicyFormats.human(cap.window()) + " (already sent " + sent.toPlainString() + ")");
            }
        }
        return PolicyDecision.allow();
    }
}
