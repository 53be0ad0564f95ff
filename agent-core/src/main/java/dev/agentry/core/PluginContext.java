package dev.agentry.core;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * What a {@link Plugin} gets to build its tools, triggers and channels for one agent.
 */
public interface PluginContext {

    /**
     * Returns the agent's id.
     *
     * @return agent id
     */
    String agentId();

    /**
     * Returns the agent's persona.
     *
     * @return the persona
     */
    Persona persona();

    /**
     * Returns a section of the agent's configuration, such as {@code "chain"} or {@code "feeds"},
     * read through {@link ConfigSection}'s typed getters (which resolve {@code ${NAME}} references
     * and name the file and JSON path in every error).
     *
     * @param name section name
     * @return the section, if present
     */
    Optional<ConfigSection> section(String name);

    /**
     * Resolves a non-secret configuration value, replacing {@code ${NAME}} references with the
     * environment's values.
     *
     * @param value the configured value
     * @return the resolved value
     * @throws ConfigException if a referenced variable is not set
     */
    String resolve(String value);

    /**
     * Resolves a secret configuration value, which must be a {@code ${NAME}} reference.
     *
     * @param reference the configured reference
     * @return the secret
     * @throws ConfigException if the value is a literal or the variable is not set
     */
    Secret secret(String reference);

    /**
     * Returns the journal.
     *
     * @return the journal
     */
    Journal journal();

    /**
     * Returns the durable cursor store for feeds.
     *
     * @return the cursor store
     */
    CursorStore cursors();

    /**
     * Returns the agent's memory.
     *
     * @return the memory
     */
    Memory memory();

    /**
     * Returns the metrics registry, if the application gave one.
     *
     * @return the registry, or empty for no metrics
     */
    Optional<MeterRegistry> meterRegistry();

    /**
     * Registers a resource the plugin created for this agent (a connection pool, a toolkit) to be
     * closed when the runtime closes, after the agent's last turn.
     *
     * @param resource the resource
     */
    void closeOnShutdown(AutoCloseable resource);
}
