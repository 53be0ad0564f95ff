package dev.agentry.spring;

import dev.agentry.core.AgentRuntime;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link AgentRuntime} with the application context and drains it on shutdown: the
 * agents stop taking events, and queued and running turns get up to {@code agentry.drain-timeout}
 * to finish before the runtime closes.
 *
 * <p>Its phase ({@link #PHASE}) is below the web server's, so the agents start before the server
 * takes requests and stop after the server's own graceful shutdown has let in-flight requests
 * hand over their events. A stopped runtime cannot start again. Thread-safe.
 */
public final class AgentryLifecycle implements SmartLifecycle {
    /** Below the web server's start/stop phases ({@code DEFAULT_PHASE - 2048} and {@code - 1024}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final AgentRuntime runtime;
    private volatile boolean running;

    /**
     * Creates the lifecycle of a runtime.
     *
     * @param runtime the runtime it starts and closes
     */
    public AgentryLifecycle(AgentRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * Starts the agents (recovering unfinished events from the journal).
     *
     * @throws IllegalStateException if the runtime was already stopped
     */
    @Override
    public void start() {
        runtime.start();
        running = true;
    }

    /** Stops taking events, waits for queued and running turns up to the drain timeout, closes the runtime. */
    @Override
    public void stop() {
        running = false;
        runtime.close();
    }

    /**
     * Returns whether the agents are running.
     *
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns the lifecycle phase.
     *
     * @return {@link #PHASE}
     */
    @Override
    public int getPhase() {
        return PHASE;
    }
}
