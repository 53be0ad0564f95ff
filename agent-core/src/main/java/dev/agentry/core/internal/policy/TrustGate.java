package dev.agentry.core.internal.policy;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import java.util.Map;

/**
 * Rule {@code trust}: how far an event's author must be trusted for a tool to be offered and run.
 * By effect: READ for everyone; POST for everyone unless {@code postForUntrusted} is off; FUNDS for
 * trusted authors unless {@code fundsForUntrusted} is on; SIGN for trusted authors, always. A
 * per-tool minimum replaces the effect's default, except that nothing lets an untrusted author
 * reach a SIGN tool.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustGate implements PolicyRule {
    /** The rule's name. */
    public static final String NAME = "trust";

    private final Map<String, Trust> minimumTrust;
    private final boolean fundsForUntrusted;
    private final boolean postForUntrusted;

    /**
     * Creates the rule.
     *
     * @param minimumTrust per-tool minimums replacing the effect's default
     * @param fundsForUntrusted whether FUNDS tools are open to untrusted authors by default
     * @param postForUntrusted whether POST tools are open to untrusted authors by default
     */
    public TrustGate(Map<String, Trust> minimumTrust, boolean fundsForUntrusted, boolean postForUntrusted) {
        this.minimumTrust = Map.copyOf(minimumTrust);
        this.fundsForUntrusted = fundsForUntrusted;
        this.postForUntrusted = postForUntrusted;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return trust.atLeast(required(tool.name(), tool.effect()));
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        Trust required = required(request.tool(), request.effect());
        if (request.trust().atLeast(required)) {
            return PolicyDecision.allow();
        }
        return PolicyDecision.deny(NAME, "tool '" + request.tool() + "' (" + request.effect() + ") needs an author trusted at least "
                + required + "; this event's author is " + request.trust());
    }

    /**
     * Returns the least trust a tool needs.
     *
     * @param tool the tool name
     * @param effect its effect
     * @return the trust
     */
    public Trust required(String tool, Effect effect) {
        Trust configured = minimumTrust.get(tool);
        Trust required = configured != null ? configured : switch (effect) {
            case READ -> Trust.UNTRUSTED;
            case POST -> postForUntrusted ? Trust.UNTRUSTED : Trust.TRUSTED;
            case FUNDS -> fundsForUntrusted ? Trust.UNTRUSTED : Trust.TRUSTED;
            case SIGN -> Trust.TRUSTED;
        };
        return effect == Effect.SIGN && !required.atLeast(Trust.TRUSTED) ? Trust.TRUSTED : required;
    }
}
