package dev.agentry.core;

import dev.agentry.core.internal.AgentHost;
import dev.agentry.core.internal.Metrics;
import dev.agentry.core.internal.TurnRunner;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts many agents. Each agent has one ordered, bounded mailbox and processes one event at a time
 * on its own virtual thread; agents run in parallel.
 *
 * <pre>{@code
 * try (AgentRuntime runtime = AgentRuntime.builder().build()) {
 *     runtime.register(agent);
 *     runtime.start();
 *     TurnResult result = runtime.submit(agent.id(), Event.of("m1", "console", "alice", "c1", "hi", Trust.OWNER)).join();
 * }
 * }</pre>
 *
 * <p>An event id is processed once per agent: a duplicate completes at once with
 * {@link TurnResult.Outcome#DUPLICATE}. An event that fails {@link Limits#maxAttempts()} times goes
 * to the journal's dead letters with the reason. {@link #close()} stops the triggers, lets queued
 * and running turns finish (up to the drain timeout), and leaves anything unfinished in the
 * journal's inbox for the next start. Thread-safe.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);

    private final Journal journal;
    private final Memory memory;
    private final CursorStore cursors;
    private final Metrics metrics;
    private final List<Plugin> plugins;
    private final List<Plugin> discovered;
    private final ApprovalHook approvalHook;
    private final Duration approvalTimeout;
    private final Duration retryBackoff;
    private final Duration drainTimeout;
    private final Clock clock;
    private final Map<String, AgentHost> hosts = new ConcurrentHashMap<>();
    private final List<AutoCloseable> pluginResources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    private AgentRuntime(Builder b) {
        this.journal = b.journal;
        this.memory = b.memory;
        this.cursors = b.cursors;
        this.metrics = new Metrics(Optional.ofNullable(b.meterRegistry));
        this.plugins = List.copyOf(b.plugins);
        this.discovered = b.discover ? loadPlugins() : List.of();
        this.approvalHook = b.approvalHook;
        this.approvalTimeout = b.approvalTimeout;
        this.retryBackoff = b.retryBackoff;
        this.drainTimeout = b.drainTimeout;
        this.clock = b.clock;
    }

    /**
     * Starts a builder. With no settings the runtime keeps its journal and memory in memory and
     * records no metrics.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers an agent: builds its plugins' tools, triggers and channels and its policy. If the
     * runtime has started, the agent starts at once.
     *
     * @param agent the agent
     * @throws IllegalStateException if an agent with the same id is registered or the runtime is closed
     */
    public void register(Agent agent) {
        Objects.requireNonNull(agent, "agent");
        if (closed) {
            throw new IllegalStateException("runtime is closed");
        }
        Memory agentMemory = agent.memory().orElse(memory);
        PluginContext context = new Context(agent, agentMemory);
        List<Tool> tools = new ArrayList<>(agent.tools());
        List<Trigger> triggers = new ArrayList<>(agent.triggers());
        Map<String, Channel> channels = new HashMap<>();
        agent.channels().forEach(c -> channels.put(c.source(), c));
        List<String> toolFilter = agent.config().map(AgentConfig::tools).orElse(List.of());
        for (Plugin plugin : pluginsFor(agent)) {
            for (Tool tool : plugin.tools(context)) {
                if (toolFilter.isEmpty() || toolFilter.contains(tool.name())) {
                    tools.add(tool);
                }
            }
            triggers.addAll(plugin.triggers(context));
            plugin.channels(context).forEach(c -> channels.putIfAbsent(c.source(), c));
        }
        Policy policy = agent.policy().orElseGet(() -> agent.config().<Policy>map(c -> c.policy(journal))
                .orElseGet(() -> StandardPolicy.builder().journal(journal).build()));
        TurnRunner runner = new TurnRunner(agent.id(), agent.persona(), agent.model(), tools, policy, agentMemory, journal, channels,
                agent.limits(), approvalHook, approvalTimeout, metrics, clock);
        AgentHost host = new AgentHost(agent.id(), runner, journal, agent.limits(), metrics, clock, retryBackoff, triggers);
        if (hosts.putIfAbsent(agent.id(), host) != null) {
            throw new IllegalStateException("an agent with id '" + agent.id() + "' is already registered");
        }
        synchronized (this) {
            if (started) {
                startHost(host);
            }
        }
        log.info("registered agent {} with tools {}", agent.id(), runner.tools().keySet());
    }

    /**
     * Starts every registered agent: recovers events left unfinished in the journal, starts the
     * mailboxes and the triggers. Calling it again does nothing.
     *
     * @throws IllegalStateException if the runtime is closed
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("runtime is closed");
        }
        if (started) {
            return;
        }
        started = true;
        hosts.values().forEach(this::startHost);
    }

    /**
     * Submits an event to an agent. Events submitted before {@link #start()} wait in the mailbox.
     *
     * @param agentId the agent
     * @param event the event
     * @return the turn's result; completes with {@link TurnResult.Outcome#DUPLICATE} at once for a
     *     known event id, or exceptionally with {@link RejectedExecutionException} if the mailbox
     *     refused it or the runtime is closing
     * @throws IllegalArgumentException if no such agent is registered
     */
    public CompletableFuture<TurnResult> submit(String agentId, Event event) {
        Objects.requireNonNull(event, "event");
        return host(agentId).submit(event);
    }

    /**
     * Delivers an event as a trigger would: returns whether it is now safely in the agent's inbox.
     *
     * @param agentId the agent
     * @param event the event
     * @return {@code true} if accepted or already known; {@code false} if refused
     * @throws IllegalArgumentException if no such agent is registered
     */
    public boolean deliver(String agentId, Event event) {
        return !host(agentId).submit(event).isCompletedExceptionally();
    }

    /**
     * Returns the ids of the registered agents.
     *
     * @return agent ids
     */
    public Set<String> agents() {
        return Set.copyOf(hosts.keySet());
    }

    /**
     * Returns the names of the tools an agent has, its plugins' included.
     *
     * @param agentId the agent
     * @return tool names in registration order
     * @throws IllegalArgumentException if no such agent is registered
     */
    public List<String> toolNames(String agentId) {
        return List.copyOf(host(agentId).runner().tools().keySet());
    }

    /**
     * Runs one tool call for an agent outside a model turn (an MCP client's call, a console
     * action), through the same guarded path as a turn's calls: argument validation, idempotency
     * replay, trust gate, policy, approval, journal, execution and record, with the event's trust.
     * The idempotency key derives from the agent, the event id, the tool and the canonical
     * arguments, so the same call for the same event id runs once and is replayed after.
     * Blocks until the call ends (including a wait for approval). Thread-safe; it does not go
     * through the agent's mailbox, so it may run beside a turn.
     *
     * @param agentId the agent
     * @param event the event the call is made for; its trust decides what is allowed
     * @param toolName the tool's name
     * @param argumentsJson the arguments as a JSON object
     * @return how the call ended: denials, invalid arguments and tool errors come back as a
     *     {@link ToolCall} with the rule and outcome, never as an exception
     * @throws IllegalArgumentException if no such agent is registered
     * @throws IllegalStateException if the runtime is closed
     */
    public ToolCall invokeTool(String agentId, Event event, String toolName, String argumentsJson) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        if (closed) {
            throw new IllegalStateException("runtime is closed");
        }
        return host(agentId).runner().invoke(event, toolName, argumentsJson);
    }

    /**
     * Returns the specifications of the tools the agent's policy offers for events of a trust
     * level: what a model (or an MCP client) with that trust may see.
     *
     * @param agentId the agent
     * @param trust the trust level
     * @return the specifications, in registration order
     * @throws IllegalArgumentException if no such agent is registered
     */
    public List<ToolSpecification> offeredTools(String agentId, Trust trust) {
        Objects.requireNonNull(trust, "trust");
        return List.copyOf(host(agentId).runner().offered(trust));
    }

    /**
     * Returns how many events wait in an agent's mailbox.
     *
     * @param agentId the agent
     * @return queued events
     * @throws IllegalArgumentException if no such agent is registered
     */
    public int queued(String agentId) {
        return host(agentId).depth();
    }

    /**
     * Returns the journal.
     *
     * @return the journal
     */
    public Journal journal() {
        return journal;
    }

    /**
     * Returns the default memory.
     *
     * @return the memory
     */
    public Memory memory() {
        return memory;
    }

    /**
     * Stops triggers, lets queued and running turns finish for up to the drain timeout, then stops
     * the agents. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        hosts.values().forEach(AgentHost::stopAccepting);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        if (started) {
            while (System.nanoTime() < deadline && !hosts.values().stream().allMatch(AgentHost::idle)) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        hosts.values().forEach(AgentHost::stop);
        for (AutoCloseable resource : pluginResources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing plugin resource {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private void startHost(AgentHost host) {
        host.recover();
        host.start(event -> deliver(host.agentId(), event));
    }

    private AgentHost host(String agentId) {
        AgentHost host = hosts.get(agentId);
        if (host == null) {
            throw new IllegalArgumentException("no agent with id '" + agentId + "' is registered; known: " + hosts.keySet());
        }
        return host;
    }

    private List<Plugin> pluginsFor(Agent agent) {
        Map<String, Plugin> chosen = new LinkedHashMap<>();
        agent.plugins().forEach(p -> chosen.put(p.name(), p));
        plugins.forEach(p -> chosen.putIfAbsent(p.name(), p));
        List<String> wanted = agent.config().map(AgentConfig::plugins).orElse(List.of());
        for (String name : wanted) {
            if (chosen.containsKey(name)) {
                continue;
            }
            Plugin found = discovered.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseGet(() -> loadPlugins().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null));
            if (found == null) {
                throw new ConfigException("agent '" + agent.id() + "': plugin '" + name + "' named in the configuration was not found on the class path");
            }
            chosen.put(name, found);
        }
        return List.copyOf(chosen.values());
    }

    private static List<Plugin> loadPlugins() {
        List<Plugin> found = new ArrayList<>();
        ServiceLoader.load(Plugin.class).forEach(found::add);
        return found;
    }

    private final class Context implements PluginContext {
        private final Agent agent;
        private final Memory agentMemory;

        Context(Agent agent, Memory agentMemory) {
            this.agent = agent;
            this.agentMemory = agentMemory;
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
            return agentMemory;
        }

        @Override
        public Optional<MeterRegistry> meterRegistry() {
            return metrics.registry();
        }

        @Override
        public void closeOnShutdown(AutoCloseable resource) {
            pluginResources.add(Objects.requireNonNull(resource, "resource"));
        }
    }

    /** Builds an {@link AgentRuntime}. Fails fast on bad settings. Not thread-safe. */
    public static final class Builder {
        private Journal journal = new InMemoryJournal();
        private Memory memory = new InMemoryMemory();
        private CursorStore cursors = CursorStore.inMemory();
        private MeterRegistry meterRegistry;
        private final List<Plugin> plugins = new ArrayList<>();
        private boolean discover = true;
        private ApprovalHook approvalHook = ApprovalHook.denyAll();
        private Duration approvalTimeout = Duration.ofMinutes(5);
        private Duration retryBackoff = Duration.ofSeconds(1);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets the journal (default: {@link InMemoryJournal}).
         *
         * @param journal the journal
         * @return this builder
         */
        public Builder journal(Journal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /**
         * Sets the memory for agents that have none of their own (default: {@link InMemoryMemory}).
         *
         * @param memory the memory
         * @return this builder
         */
        public Builder memory(Memory memory) {
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /**
         * Sets the feed cursor store (default: in memory).
         *
         * @param cursors the store
         * @return this builder
         */
        public Builder cursors(CursorStore cursors) {
            this.cursors = Objects.requireNonNull(cursors, "cursors");
            return this;
        }

        /**
         * Records metrics on a registry. Without one, no metrics are recorded.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Adds a plugin for every agent.
         *
         * @param plugin the plugin
         * @return this builder
         */
        public Builder plugin(Plugin plugin) {
            plugins.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /**
         * Whether plugins named in agent configurations are looked up with {@link ServiceLoader}
         * (default: yes).
         *
         * @param discover whether to discover
         * @return this builder
         */
        public Builder discoverPlugins(boolean discover) {
            this.discover = discover;
            return this;
        }

        /**
         * Sets who approves held tool calls (default: nobody; held calls are denied).
         *
         * @param hook the hook
         * @param timeout how long a call may wait for approval
         * @return this builder
         */
        public Builder approvalHook(ApprovalHook hook, Duration timeout) {
            this.approvalHook = Objects.requireNonNull(hook, "hook");
            this.approvalTimeout = positive(timeout, "approval timeout");
            return this;
        }

        /**
         * Sets the first delay before a failed event is tried again; it doubles per attempt
         * (default: 1 s).
         *
         * @param backoff the first delay
         * @return this builder
         */
        public Builder retryBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("retry backoff must be zero or positive, was " + backoff);
            }
            this.retryBackoff = backoff;
            return this;
        }

        /**
         * Sets how long {@link AgentRuntime#close()} waits for queued and running turns (default: 30 s).
         *
         * @param timeout the drain timeout
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = positive(timeout, "drain timeout");
            return this;
        }

        /**
         * Sets the clock (for tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the runtime.
         *
         * @return the runtime, not yet started
         */
        public AgentRuntime build() {
            return new AgentRuntime(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
