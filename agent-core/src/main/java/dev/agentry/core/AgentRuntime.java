package dev.agentry.core;

import dev.agentry.core.internal.AgentAssembler;
import dev.agentry.core.internal.AgentHost;
import dev.agentry.core.internal.HostSink;
import dev.agentry.core.internal.RuntimeClosing;
import dev.agentry.core.internal.Metrics;
import dev.agentry.core.internal.approval.ApprovalDesk;
import dev.agentry.core.internal.approval.ApprovalWorker;
import dev.agentry.core.internal.events.EventHub;
import dev.agentry.core.internal.turn.TurnInterruptedException;
import dev.agentry.core.internal.turn.TurnRunner;
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
import java.util.function.Function;
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
 * journal's inbox for the next start.
 *
 * <p>Events go to {@link RuntimeListener}s ({@link #subscribe}); held calls wait for {@link #approve}. Thread-safe.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);

    private final Journal journal;
    private final Memory memory;
    private final Duration drainTimeout;
    private final AgentAssembler assembler;
    private final EventHub events;
    private final Optional<ApprovalWorker> approvals;
    private final Function<String, EventSink> triggerSinks;
    private final Map<String, AgentHost> hosts = new ConcurrentHashMap<>();
    private final List<AutoCloseable> pluginResources = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    AgentRuntime(AgentRuntimeBuilder b) {
        this.journal = b.journal;
        this.memory = b.memory;
        this.drainTimeout = b.drainTimeout;
        Metrics metrics = new Metrics(Optional.ofNullable(b.meterRegistry), b.observationRegistry);
        this.events = new EventHub(b.listenerQueueCapacity, metrics);
        b.listeners.forEach(events::subscribe);
        Optional<ApprovalDesk> desk = Optional.ofNullable(b.approvalQueue)
                .map(q -> new ApprovalDesk(q, b.approvalTimeout, b.journal, events, b.clock));
        this.approvals = desk.map(d -> new ApprovalWorker(d, id -> Optional.ofNullable(hosts.get(id)).map(AgentHost::runner)));
        this.assembler = new AgentAssembler(b.journal, b.memory, b.cursors, metrics, b.plugins, b.discover, b.approvalHook,
                b.approvalTimeout, desk, events, b.retryBackoff, b.clock, pluginResources::add);
        this.triggerSinks = b.triggerSinks;
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
     * Stops hosting one agent, so that it can run elsewhere (another node of a cluster) or be
     * registered again: its triggers stop and its mailbox takes no more events; the turn in flight
     * may finish for up to {@code grace}, then it is abandoned (no further model call, tool call or
     * reply; a STARTED effect is reconciled by the next host). Queued events stay in the journal's
     * inbox for the next host. Its plugins' resources are closed with the runtime. Thread-safe.
     *
     * @param agentId the agent
     * @param grace how long the turn in flight may take to finish; zero abandons it at once
     * @return {@code true} if no turn had to be abandoned
     * @throws IllegalArgumentException if no such agent is registered, or the grace is negative
     */
    public boolean deregister(String agentId, Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or positive, was " + grace);
        }
        AgentHost host = host(agentId);
        host.stopAccepting();
        boolean finished = host.stop(grace);
        hosts.remove(agentId, host);
        log.info("deregistered agent {}{}", agentId, finished ? "" : " (its turn in flight was abandoned)");
        return finished;
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
        approvals.ifPresent(ApprovalWorker::start);
    }

    /**
     * Subscribes a listener to everything the runtime does from now on (see {@link RuntimeListener}).
     *
     * @param listener the listener
     * @return its subscription; close it to stop delivery
     * @throws IllegalStateException if the runtime is closed
     */
    public RuntimeListener.Subscription subscribe(RuntimeListener listener) {
        return events.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Returns approvals, newest first: empty without an {@link ApprovalQueue}.
     *
     * @param limit how many at most, at least 1
     * @return the approvals
     */
    public List<Approval> approvals(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return approvals.map(w -> w.desk().queue().list(limit)).orElse(List.of());
    }

    /**
     * Approves a pending approval: journals who approved and when (an effect record of tool
     * {@code approval}), then runs the call on the caller's thread along its agent's guarded path,
     * for the original event, so the policy checks it again (caps may have filled meanwhile) and
     * its idempotency key makes it run once.
     *
     * @param approvalId the approval
     * @param approver who approves, not blank
     * @param note the operator's note, may be empty
     * @return the approval after the call ran ({@link Approval.Status#EXECUTED} with its outcome)
     * @throws IllegalArgumentException if there is no such approval or the approver is blank
     * @throws IllegalStateException if there is no approval queue, or it is not pending (decided
     *     before, or expired)
     */
    public Approval approve(String approvalId, String approver, String note) {
        return worker().approve(approvalId, approver, note);
    }

    /**
     * Denies a pending approval and journals who denied it and when; the call never runs.
     *
     * @param approvalId the approval
     * @param approver who denies, not blank
     * @param note the operator's note, may be empty
     * @return the denied approval
     * @throws IllegalArgumentException if there is no such approval or the approver is blank
     * @throws IllegalStateException if there is no approval queue or it is not pending
     */
    public Approval deny(String approvalId, String approver, String note) {
        return worker().deny(approvalId, approver, note);
    }

    /**
     * Returns an agent's state for dashboards: mailbox, tokens today, spend caps.
     *
     * @param agentId the agent
     * @return its status
     * @throws IllegalArgumentException if no such agent is registered
     */
    public AgentStatus status(String agentId) {
        AgentHost host = host(agentId);
        TurnRunner runner = host.runner();
        return new AgentStatus(agentId, started && !closed, host.busy(), host.depth(), runner.budget().usedToday(), runner.budget().limit(),
                runner.policy().usage(agentId), List.copyOf(runner.tools().names()));
    }

    /**
     * Runs a dead-lettered event again, with the same event id: tool calls that completed before
     * are replayed from the journal, not repeated. Queued behind the agent's mailbox; not put back
     * in the journal's inbox, so a restart before it runs does not run it.
     *
     * @param letter the dead letter, as {@link Journal#deadLetters} returned it
     * @return the new turn's result
     * @throws IllegalArgumentException if no such agent is registered
     */
    public CompletableFuture<TurnResult> retry(DeadLetter letter) {
        Objects.requireNonNull(letter, "letter");
        return host(letter.agentId()).retry(letter.event());
    }

    /**
     * Submits an event to an agent. Events submitted before {@link #start()} wait in the mailbox.
     *
     * @param agentId the agent
     * @param event the event
     * @return the turn's result; completes with {@link TurnResult.Outcome#DUPLICATE} at once for a
     *     known event id, or exceptionally with {@link RejectedExecutionException} if the mailbox
     *     refused it or the runtime is closing, or with {@link FencedException} if the journal refused
     *     it because another runtime owns the agent now (cluster mode; the agent then stops)
     * @throws IllegalArgumentException if no such agent is registered
     */
    public CompletableFuture<TurnResult> submit(String agentId, Event event) {
        Objects.requireNonNull(event, "event");
        return host(agentId).submit(event);
    }

    /**
     * Submits events to an agent in order, as {@link #submit} one by one would, but those that fit
     * in the mailbox are journalled in one write ({@link Journal#acceptAll}: one commit on a durable
     * store instead of one per event). For a feed or webhook that receives a page of events.
     *
     * @param agentId the agent
     * @param events the events, oldest first
     * @return each event's turn result, in order (each as {@link #submit} returns it)
     * @throws IllegalArgumentException if no such agent is registered
     */
    public List<CompletableFuture<TurnResult>> submitAll(String agentId, List<Event> events) {
        return host(agentId).submitAll(List.copyOf(events));
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
        return new HostSink(host(agentId)).deliver(event);
    }

    /**
     * Runs one tool call outside a model turn, on the caller's thread, along the guarded path a
     * model's call takes (validate, replay, authorize, approve, journal, execute, record). For MCP
     * servers, operator consoles and scripts.
     *
     * <p>The event's trust gates the call as in a turn, and its id keys the call's idempotency (the
     * same tool and arguments for the same event id run once). No inbox, no model, no reply. A
     * refused or failed call is not an exception: the {@link ToolCall} says what happened, with the
     * text a model would have seen. Thread-safe; it may run beside the agent's turns.
     *
     * @param agentId the agent whose tools, policy and journal are used
     * @param event the event the call is made for
     * @param toolName the tool's name
     * @param argumentsJson the arguments as a JSON object; blank means none
     * @return how the call ended
     * @throws IllegalArgumentException if no such agent is registered
     * @throws CancellationException if the calling thread is interrupted while the tool runs (its
     *     interrupt flag is set again; the call stays STARTED in the journal for reconciliation)
     * @throws FencedException if the journal refused the call's record because another runtime owns
     *     the agent now (cluster mode); nothing ran
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

    /** The ids of the registered agents. */
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

    /** How many events wait in an agent's mailbox (IllegalArgumentException if no such agent is registered). */
    public int queued(String agentId) {
        return host(agentId).depth();
    }

    /** The journal the runtime records in: the builder's, else one in memory. */
    public Journal journal() {
        return journal;
    }

    /** The memory of agents that name none of their own: the builder's, else one in memory. */
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
        approvals.ifPresent(ApprovalWorker::close);
        RuntimeClosing.drainThenStop(hosts.values(), drainTimeout, started);
        events.close();
        RuntimeClosing.closeAll(pluginResources);
    }

    private void startHost(AgentHost host) {
        host.recover();
        host.start(triggerSinks != null ? triggerSinks.apply(host.agentId()) : new HostSink(host));
    }

    private ApprovalWorker worker() {
        return approvals.orElseThrow(() -> new IllegalStateException("this runtime has no approval queue (AgentRuntimeBuilder.approvalQueue)"));
    }

    private AgentHost host(String agentId) {
        AgentHost host = hosts.get(agentId);
        if (host == null) {
            throw new IllegalArgumentException("no agent with id '" + agentId + "' is registered; known: " + hosts.keySet());
        }
        return host;
    }
}
