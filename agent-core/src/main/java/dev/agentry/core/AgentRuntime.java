package dev.agentry.core;

import java.util.concurrent.CompletableFuture;

/**
 * Hosts agents. SKELETON: being implemented.
 */
public final class AgentRuntime implements AutoCloseable {
    private AgentRuntime() {}

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Object builder() {
        return null;
    }

    /**
     * Submits an event.
     *
     * @param agentId the agent
     * @param event the event
     * @return the turn's result
     */
    public CompletableFuture<TurnResult> submit(String agentId, Event event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
