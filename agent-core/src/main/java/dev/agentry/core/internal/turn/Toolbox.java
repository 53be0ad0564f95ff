package dev.agentry.core.internal.turn;

import dev.agentry.core.Policy;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One agent's tools by name, each with its compiled argument schema. Immutable and thread-safe. */
public final class Toolbox {
    private final Map<String, Tool> byName;
    private final Map<String, ArgumentSchema> schemas;

    /**
     * Collects tools.
     *
     * @param agentId the agent, for the error message
     * @param tools the tools
     * @throws IllegalStateException if two tools share a name
     */
    public Toolbox(String agentId, List<Tool> tools) {
        Map<String, Tool> inOrder = new LinkedHashMap<>();
        Map<String, ArgumentSchema> compiled = new LinkedHashMap<>();
        for (Tool tool : tools) {
            if (inOrder.put(tool.name(), tool) != null) {
                throw new IllegalStateException("agent '" + agentId + "' has two tools named '" + tool.name() + "'");
            }
            compiled.put(tool.name(), ArgumentSchema.of(tool.specification().parameters()));
        }
        this.byName = Collections.unmodifiableMap(inOrder);
        this.schemas = Map.copyOf(compiled);
    }

    /** The tool of a name. */
    public Optional<Tool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The tool names, in registration order. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** Whether the agent has no tools. */
    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The compiled argument schema of one of these tools. */
    ArgumentSchema schema(Tool tool) {
        return schemas.get(tool.name());
    }

    /**
     * The specifications of the tools offered to the model for an author of this trust: those the
     * runtime's trust floor admits and the policy offers.
     *
     * @param agentId the agent
     * @param policy the agent's policy
     * @param trust the author's trust
     * @return the specifications, in registration order
     */
    public List<ToolSpecification> offered(String agentId, Policy policy, Trust trust) {
        List<ToolSpecification> offered = new ArrayList<>();
        for (Tool tool : byName.values()) {
            if (TrustFloor.admits(tool.effect(), trust) && policy.offers(agentId, tool, trust)) {
                offered.add(tool.specification());
            }
        }
        return List.copyOf(offered);
    }
}
