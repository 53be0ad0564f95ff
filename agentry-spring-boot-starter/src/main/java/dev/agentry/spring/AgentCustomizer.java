package dev.agentry.spring;

import dev.agentry.core.Agent;

/**
 * A bean that adjusts each agent the starter builds from {@code application.yml} before it is
 * registered: add tools written in Java, channels, triggers, a memory.
 *
 * <pre>{@code
 * @Bean
 * AgentCustomizer pricing(PriceTools tools) {
 *     return (id, agent) -> agent.toolsFrom(tools);
 * }
 * }</pre>
 *
 * <p>Called once per agent, in bean order, on the thread that creates the runtime bean.
 */
@FunctionalInterface
public interface AgentCustomizer {

    /**
     * Adjusts one agent.
     *
     * @param agentId the agent's id (its key under {@code agentry.agents})
     * @param agent the builder, with persona, configuration and model already set
     */
    void customize(String agentId, Agent.Builder agent);
}
