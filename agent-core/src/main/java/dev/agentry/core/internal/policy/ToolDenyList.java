package dev.agentry.core.internal.policy;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import java.util.Set;

/**
 * Rule {@code deny-list}: tools the operator forbids, by name, whatever else is configured. Denied
 * tools are not offered to the model either.
 *
 * <p>Immutable and thread-safe.
 */
public final class ToolDenyList implements PolicyRule {
    /** The rule's name. */
    public static final String NAME = "deny-list";

    private final Set<String> denied;

    /**
     * Creates the rule.
     *
     * @param denied the tool names denied
     */
    public ToolDenyList(Set<String> denied) {
        this.denied = Set.copyOf(denied);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return !denied.contains(tool.name());
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        return denied.contains(request.tool())
                ? PolicyDecision.deny(NAME, "tool '" + request.tool() + "' is on the deny list")
                : PolicyDecision.allow();
    }
}
