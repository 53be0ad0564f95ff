package dev.agentry.core.internal;

import dev.agentry.core.Agent;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.Persona;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** What a plugin sees of the agent it builds tools, triggers and channels for. Thread-safe. */
final class AgentPluginContext implements PluginContext {
    private final Agent agent;
    private final Memory memory;
    private final Journal journal;
    private final CursorStore cursors;
    private final Optional<MeterRegistry> registry;
    private final Consumer<AutoCloseable> closeOnShutdown;

    AgentPluginContext(Agent agent, Memory memory, Journal journal, CursorStore cursors, Optional<MeterRegistry> registry,
            Consumer<AutoCloseable> closeOnShutdown) {
        this.agent = agent;
        this.memory = memory;
        this.journal = journal;
        this.cursors = cursors;
        this.registry = registry;
        this.closeOnShutdown = closeOnShutdown;
    }

    @Override
    public String agentId() {
        return agent.id();
    }

    @Override
    public Persona persona() {
        return agent.persona();
    }

    @Override
    public Optional<ConfigSection> section(String name) {
        return agent.config().flatMap(c -> c.section(name));
    }

    @Override
    public String resolve(String value) {
        return agent.config().map(c -> c.resolve(value)).orElse(value);
    }

    @Override
    public Secret secret(String reference) {
        return agent.config().map(c -> c.secret(reference))
                .orElseThrow(() -> new ConfigException("agent '" + agent.id() + "' has no configuration to resolve secret " + reference));
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public CursorStore cursors() {
        return cursors;
    }

    @Override
    public Memory memory() {
        return memory;
    }

    @Override
    public Optional<MeterRegistry> meterRegistry() {
        return registry;
    }

    @Override
    public void closeOnShutdown(AutoCloseable resource) {
        closeOnShutdown.accept(Objects.requireNonNull(resource, "resource"));
    }
}
