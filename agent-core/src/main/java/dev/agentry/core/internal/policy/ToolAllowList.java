package dev.agentry.core.internal.policy;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import java.util.Set;

/**
 * Rule {@code allow-list}: when the operator lists tools, only those may run (and be offered). An
 * empty list allows every tool.
 *
 * <p>Immutable and thread-safe.
 */
public final class ToolAllowList implements PolicyRule {
    /** The rule's name. */
    public static final String NAME = "allow-list";

    private final Set<String> allowed;

    /**
     * Creates the rule.
     *
     * @param allowed the tool names allowed; empty for all
     */
    public ToolAllowList(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return allows(tool.name());
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        return allows(request.tool())
                ? PolicyDecision.allow()
                : PolicyDecision.deny(NAME, "tool '" + request.tool() + "' is not on the allow list");
    }

    private boolean allows(String tool) {
        return allowed.isEmpty() || allowed.contains(tool);
    }
}
