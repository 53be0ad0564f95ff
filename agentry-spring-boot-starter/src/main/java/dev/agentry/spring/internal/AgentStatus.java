package dev.agentry.spring.internal;

import dev.agentry.core.AgentRuntime;
import dev.agentry.spring.AgentryLifecycle;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the health indicators report for one agent, independent of the Spring Boot generation: up
 * while the runtime runs, with its queued events and tools.
 *
 * @param up whether the agent takes events
 * @param details queued events and tool names
 */
public record AgentStatus(boolean up, Map<String, Object> details) {

    /**
     * Returns a status source per agent, sorted by id.
     *
     * @param runtime the runtime
     * @param lifecycle tells whether it runs
     * @return agent id to a supplier of its current status
     */
    public static Map<String, Supplier<AgentStatus>> byAgent(AgentRuntime runtime, AgentryLifecycle lifecycle) {
        Map<String, Supplier<AgentStatus>> statuses = new TreeMap<>();
        for (String id : runtime.agents()) {
            statuses.put(id, () -> new AgentStatus(lifecycle.isRunning(),
                    Map.of("queued", runtime.queued(id), "tools", runtime.toolNames(id))));
        }
        return statuses;
    }
}
