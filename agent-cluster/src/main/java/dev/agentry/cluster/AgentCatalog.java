package dev.agentry.cluster;

import dev.agentry.core.Agent;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The agents a cluster runs: every node has the same catalog, and runs those whose partitions it
 * owns. A node builds an agent afresh each time it takes the agent over (its triggers, such as
 * feed pollers, run on the owner only), so {@link #create} must return a new {@link Agent} on every
 * call. Implementations must be thread-safe.
 */
public interface AgentCatalog {

    /**
     * Returns the ids of every agent of the cluster, the same on every node.
     *
     * @return the agent ids
     */
    Set<String> agentIds();

    /**
     * Builds an agent for this node to run, with new triggers.
     *
     * @param agentId one of {@link #agentIds()}
     * @return the agent, whose id is {@code agentId}
     */
    Agent create(String agentId);

    /**
     * A catalog of fixed ids and a factory.
     *
     * @param agentIds the agent ids
     * @param factory builds the agent of an id, a new one on every call
     * @return the catalog
     * @throws IllegalArgumentException if there are no ids
     */
    static AgentCatalog of(Set<String> agentIds, Function<String, Agent> factory) {
        Objects.requireNonNull(factory, "factory");
        Set<String> ids = Set.copyOf(agentIds);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("an agent catalog needs at least one agent id");
        }
        return new AgentCatalog() {
            @Override
            public Set<String> agentIds() {
                return ids;
            }

            @Override
            public Agent create(String agentId) {
                return factory.apply(agentId);
            }
        };
    }
}
