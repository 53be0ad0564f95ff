package dev.agentry.core.internal;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.ApprovalHook;
import dev.agentry.core.Channel;
import dev.agentry.core.ConfigException;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.Plugin;
import dev.agentry.core.Policy;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.Trigger;
import dev.agentry.core.internal.turn.AgentWiring;
import dev.agentry.core.internal.turn.Toolbox;
import dev.agentry.core.internal.turn.TurnRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Turns an {@link Agent} definition into an {@link AgentHost}: collects its own and its plugins'
 * tools (filtered by the configuration's tool list), triggers and channels, chooses its policy
 * (its own, else its configuration's, else a {@link StandardPolicy} with no caps) and builds its
 * turn runner. Plugins named in a configuration are found with {@link ServiceLoader}. Thread-safe.
 */
public final class AgentAssembler {
    private final Journal journal;
    private final Memory memory;
    private final CursorStore cursors;
    private final Metrics metrics;
    private final List<Plugin> plugins;
    private final List<Plugin> discovered;
    private final ApprovalHook approvalHook;
    private final Duration approvalTimeout;
    private final Duration retryBackoff;
    private final Clock clock;
    private final Consumer<AutoCloseable> closeOnShutdown;

    /** Creates an assembler with the runtime's shared parts and settings. */
    public AgentAssembler(Journal journal, Memory memory, CursorStore cursors, Metrics metrics, List<Plugin> plugins, boolean discover,
            ApprovalHook approvalHook, Duration approvalTimeout, Duration retryBackoff, Clock clock, Consumer<AutoCloseable> closeOnShutdown) {
        this.journal = journal;
        this.memory = memory;
        this.cursors = cursors;
        this.metrics = metrics;
        this.plugins = List.copyOf(plugins);
        this.discovered = discover ? loadPlugins() : List.of();
        this.approvalHook = approvalHook;
        this.approvalTimeout = approvalTimeout;
        this.retryBackoff = retryBackoff;
        this.clock = clock;
        this.closeOnShutdown = closeOnShutdown;
    }

    /**
     * Builds an agent's host, not yet started.
     *
     * @param agent the agent
     * @return the host
     * @throws ConfigException if a plugin named in its configuration is not on the class path
     */
    public AgentHost assemble(Agent agent) {
        Memory agentMemory = agent.memory().orElse(memory);
        AgentPluginContext context = new AgentPluginContext(agent, agentMemory, journal, cursors, metrics.registry(), closeOnShutdown);
        List<Tool> tools = new ArrayList<>(agent.tools());
        List<Trigger> triggers = new ArrayList<>(agent.triggers());
        Map<String, Channel> channels = new HashMap<>();
        agent.channels().forEach(c -> channels.put(c.source(), c));
        List<String> toolFilter = agent.config().map(AgentConfig::tools).orElse(List.of());
        for (Plugin plugin : pluginsFor(agent)) {
            plugin.tools(context).stream().filter(t -> toolFilter.isEmpty() || toolFilter.contains(t.name())).forEach(tools::add);
            triggers.addAll(plugin.triggers(context));
            plugin.channels(context).forEach(c -> channels.putIfAbsent(c.source(), c));
        }
        Policy policy = agent.policy().orElseGet(() -> agent.config().<Policy>map(c -> c.policy(journal))
                .orElseGet(() -> StandardPolicy.builder().journal(journal).build()));
        AgentWiring wiring = new AgentWiring(agent.id(), new Toolbox(agent.id(), tools), policy, agentMemory, journal, channels,
                agent.limits(), approvalHook, approvalTimeout, metrics, clock);
        TurnRunner runner = new TurnRunner(wiring, agent.persona(), agent.model());
        return new AgentHost(agent.id(), runner, journal, agent.limits(), metrics, clock, retryBackoff, triggers);
    }

    private List<Plugin> pluginsFor(Agent agent) {
        Map<String, Plugin> chosen = new LinkedHashMap<>();
        agent.plugins().forEach(p -> chosen.put(p.name(), p));
        plugins.forEach(p -> chosen.putIfAbsent(p.name(), p));
        for (String name : agent.config().map(AgentConfig::plugins).orElse(List.of())) {
            if (!chosen.containsKey(name)) {
                chosen.put(name, find(discovered, name).or(() -> find(loadPlugins(), name)).orElseThrow(() -> new ConfigException(
                        "agent '" + agent.id() + "': plugin '" + name + "' named in the configuration was not found on the class path")));
            }
        }
        return List.copyOf(chosen.values());
    }

    private static Optional<Plugin> find(List<Plugin> candidates, String name) {
        return candidates.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static List<Plugin> loadPlugins() {
        List<Plugin> found = new ArrayList<>();
        ServiceLoader.load(Plugin.class).forEach(found::add);
        return found;
    }
}
