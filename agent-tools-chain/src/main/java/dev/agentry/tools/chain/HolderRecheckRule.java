package dev.agentry.tools.chain;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Trust;
import java.util.function.Function;

/**
 * The {@code holder-recheck} policy rule of a {@link HolderGate}: before a FUNDS or SIGN call of
 * an event whose trust came from holdings, the holdings are read again, uncached, and the call is
 * denied if they no longer earn the event's trust. Thread-safe.
 */
final class HolderRecheckRule implements PolicyRule {
    private final Function<String, Trust> freshTrust;

    HolderRecheckRule(Function<String, Trust> freshTrust) {
        this.freshTrust = freshTrust;
    }

    @Override
    public String name() {
        return "holder-recheck";
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        String address = request.event().attributes().get(HolderGate.HOLDER_ADDRESS);
        if (address == null || (request.effect() != Effect.FUNDS && request.effect() != Effect.SIGN)) {
            return PolicyDecision.allow();
        }
        Trust now = freshTrust.apply(address);
        return now.atLeast(request.trust()) ? PolicyDecision.allow() : PolicyDecision.deny(name(), "the holdings of " + address
                + " no longer earn " + request.trust() + " (read again just now: " + now + ")");
    }
}
