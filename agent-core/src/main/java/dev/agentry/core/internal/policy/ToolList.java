package dev.agentry.core.internal.policy;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import java.util.Set;

/**
 * The operator's tool lists, by tool name, in two rules: {@code deny-list} refuses the listed tools
 * whatever else is configured; {@code allow-list}, when it lists anything, refuses every tool it
 * does not list. A refused tool is not offered to the model either.
 *
 * <p>Immutable and thread-safe.
 */
public final class ToolList implements PolicyRule {
    /** The deny list's name. */
    public static final String DENY = "deny-list";
    /** The allow list's name. */
    public static final String ALLOW = "allow-list";

    private final String name;
    private final Set<String> tools;

    private ToolList(String name, Set<String> tools) {
        this.name = name;
        this.tools = Set.copyOf(tools);
    }

    /**
     * Creates the deny list.
     *
     * @param denied the tool names denied
     * @return the rule
     */
    public static ToolList deny(Set<String> denied) {
        return new ToolList(DENY, denied);
    }

    /**
     * Creates the allow list.
     *
     * @param allowed the tool names allowed; empty for all
     * @return the rule
     */
    public static ToolList allow(Set<String> allowed) {
        return new ToolList(ALLOW, allowed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return admits(tool.name());
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        if (admits(request.tool())) {
            return PolicyDecision.allow();
        }
        return PolicyDecision.deny(name, "tool '" + request.tool() + "' " + (name.equals(DENY) ? "is on the deny list" : "is not on the allow list"));
    }

    private boolean admits(String tool) {
        return name.equals(DENY) ? !tools.contains(tool) : tools.isEmpty() || tools.contains(tool);
    }
}
