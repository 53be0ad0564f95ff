package dev.agentry.core;

import dev.agentry.core.internal.AgentAssembler;
import dev.agentry.core.internal.AgentHost;
import dev.agentry.core.internal.Metrics;
import dev.agentry.core.internal.turn.TurnInterruptedException;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final Duration drainTimeout;
    private final AgentAssembler assembler;
    private final Map<String, AgentHost> hosts = new ConcurrentHashMap<>();
    private final List<AutoCloseable> pluginResources = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    AgentRuntime(AgentRuntimeBuilder b) {
        this.journal = b.journal;
        this.memory = b.memory;
        this.drainTimeout = b.drainTimeout;
        this.assembler = new AgentAssembler(b.journal, b.memory, b.cursors, new Metrics(Optional.ofNullable(b.meterRegistry)), b.plugins,
                b.discover, b.approvalHook, b.approvalTimeout, b.retryBackoff, b.clock, pluginResources::add);
    }

    /**
     * Starts a builder. With no settings the runtime keeps its journal and memory in memory and
     * records no metrics.
     *
     * @return a new builder
     */
    public static AgentRuntimeBuilder builder() {
        return new AgentRuntimeBuilder();
    }

    /**
     * Registers an agent: builds its plugins' tools, triggers and channels and its policy. If the
     * runtime has started, the agent starts at once.
     *
     * @param agent the agent
     * @throws IllegalStateException if an agent with the same id is registered or the runtime is closed
     * @throws ConfigException if a plugin named in the agent's configuration is not on the class path
     */
    public void register(Agent agent) {
        Objects.requireNonNull(agent, "agent");
        if (closed) {
            throw new IllegalStateException("runtime is closed");
        }
        AgentHost host = assembler.assemble(agent);
        if (hosts.putIfAbsent(agent.id(), host) != null) {
            throw new IllegalStateException("an agent with id '" + agent.id() + "' is already registered");
        }
        synchronized (this) {
            if (started) {
                startHost(host);
            }
        }
        log.info("registered agent {} with tools {}", agent.id(), host.runner().tools().names());
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
     * Runs one tool call outside a model turn, on the caller's thread, along the same guarded path
     * a model's call takes: validate (the tool exists, the arguments are a JSON object matching its
     * schema), replay (a call already done for this event returns its journalled result), authorize
     * (trust gates with the event's {@link Trust}, then the tool's spends, then the policy's
     * decision), approve (the approval hook, for calls the policy holds), journal, execute (with
     * the tool's timeout) and record. For MCP servers, operator consoles and scripts.
     *
     * <p>The event says who asks: its trust gates the call exactly as for a model turn, and its id
     * keys the call's idempotency (the same tool and arguments for the same event id run once). The
     * event is not put in the agent's inbox, no model is called and no reply is sent. A refused or
     * failed call is not an exception: it comes back as a {@link ToolCall} whose
     * {@link ToolCall#outcome()} says what happened and whose {@link ToolCall#result()} is the text
     * a model would have seen. Thread-safe; it may run while the agent's mailbox runs turns.
     *
     * @param agentId the agent whose tools, policy and journal are used
     * @param event the event the call is made for
     * @param toolName the tool's name
     * @param argumentsJson the arguments as a JSON object; blank means none
     * @return how the call ended
     * @throws IllegalArgumentException if no such agent is registered
     * @throws CancellationException if the calling thread is interrupted while the tool runs (its
     *     interrupt flag is set again; the call stays STARTED in the journal for reconciliation)
     */
    public ToolCall invokeTool(String agentId, Event event, String toolName, String argumentsJson) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        AgentHost host = host(agentId);
        try {
            return host.runner().invokeTool(event, toolName, argumentsJson);
        } catch (TurnInterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while tool '" + toolName + "' of agent '" + agentId + "' ran");
        }
    }

    /**
     * Returns the specifications of the tools an agent offers to a model for an author of this
     * trust: those its policy offers, never a tool that signs ({@link Effect#SIGN}) for an
     * untrusted author. A call to a tool not offered is refused by {@link #invokeTool} and in turns.
     *
     * @param agentId the agent
     * @param trust the author's trust
     * @return the specifications, in registration order
     * @throws IllegalArgumentException if no such agent is registered
     */
    public List<ToolSpecification> offeredTools(String agentId, Trust trust) {
        Objects.requireNonNull(trust, "trust");
        return host(agentId).runner().offered(trust);
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
        return List.copyOf(host(agentId).runner().tools().names());
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
        if (started) {
            drain();
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

    private void drain() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (System.nanoTime() < deadline && !hosts.values().stream().allMatch(AgentHost::idle)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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
}
