package dev.agentry.core;

import dev.agentry.core.internal.SetOnce;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Builds an {@link AgentRuntime}. Each setting may be set once; a second call, or a bad value,
 * throws at once naming the setting. Not thread-safe.
 */
public final class AgentRuntimeBuilder {
    private final SetOnce once = new SetOnce("AgentRuntimeBuilder");
    Journal journal = new InMemoryJournal();
    Memory memory = new InMemoryMemory();
    CursorStore cursors = CursorStore.inMemory();
    MeterRegistry meterRegistry;
    final List<Plugin> plugins = new ArrayList<>();
    boolean discover = true;
    ApprovalHook approvalHook = ApprovalHook.denyAll();
    Duration approvalTimeout = Duration.ofMinutes(5);
    ApprovalQueue approvalQueue;
    private boolean approvalHookSet;
    ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    final List<RuntimeListener> listeners = new ArrayList<>();
    int listenerQueueCapacity = 10_000;
    Duration retryBackoff = Duration.ofSeconds(1);
    Duration drainTimeout = Duration.ofSeconds(30);
    Clock clock = Clock.systemUTC();
    Function<String, EventSink> triggerSinks;

    AgentRuntimeBuilder() {}

    /**
     * Sets the journal (default: {@link InMemoryJournal}).
     *
     * @param journal the journal
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder journal(Journal journal) {
        once.mark("journal");
        this.journal = Objects.requireNonNull(journal, "journal");
        return this;
    }

    /**
     * Sets the memory for agents that have none of their own (default: {@link InMemoryMemory}).
     *
     * @param memory the memory
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder memory(Memory memory) {
        once.mark("memory");
        this.memory = Objects.requireNonNull(memory, "memory");
        return this;
    }

    /**
     * Sets the feed cursor store (default: in memory).
     *
     * @param cursors the store
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder cursors(CursorStore cursors) {
        once.mark("cursors");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        return this;
    }

    /**
     * Records metrics on a registry. Without one, no metrics are recorded.
     *
     * @param registry the registry
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder meterRegistry(MeterRegistry registry) {
        once.mark("meterRegistry");
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Records observations ({@code agentry.turn} with children {@code agentry.model.call} and
     * {@code agentry.tool.call}) on a registry, for tracing backends. Without one, none are made.
     *
     * @param registry the registry
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder observationRegistry(ObservationRegistry registry) {
        once.mark("observationRegistry");
        this.observationRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Adds a listener for everything the runtime does; may be called once per listener. See
     * {@link RuntimeListener} for how events are delivered without holding up agents.
     *
     * @param listener the listener
     * @return this builder
     */
    public AgentRuntimeBuilder listener(RuntimeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Sets how many events may wait for each listener before newer ones are dropped for it
     * (default: 10,000).
     *
     * @param capacity the queue capacity, at least 1
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder listenerQueueCapacity(int capacity) {
        once.mark("listenerQueueCapacity");
        this.listenerQueueCapacity = capacity >= 1 ? capacity : badCapacity(capacity);
        return this;
    }

    private static int badCapacity(int capacity) {
        throw new IllegalArgumentException("listener queue capacity must be at least 1, was " + capacity);
    }

    /**
     * Sends held tool calls to an approval queue instead of an {@link ApprovalHook}: the call does
     * not wait (the model hears it is held), an operator decides later through
     * {@link AgentRuntime#approve} or {@link AgentRuntime#deny}, an approved call runs once, and a
     * call nobody decides within the timeout is denied. Excludes {@link #approvalHook}.
     *
     * @param queue where approvals wait (durable, to survive restarts)
     * @param timeout how long an approval may stay pending, positive
     * @return this builder
     * @throws IllegalStateException if already set, or if an approval hook is set
     */
    public AgentRuntimeBuilder approvalQueue(ApprovalQueue queue, Duration timeout) {
        once.mark("approvalQueue");
        exclusiveApprovals();
        this.approvalQueue = Objects.requireNonNull(queue, "queue");
        this.approvalTimeout = positive(timeout, "approval timeout");
        return this;
    }

    /**
     * Adds a plugin for every agent; may be called once per plugin.
     *
     * @param plugin the plugin
     * @return this builder
     */
    public AgentRuntimeBuilder plugin(Plugin plugin) {
        plugins.add(Objects.requireNonNull(plugin, "plugin"));
        return this;
    }

    /**
     * Whether plugins named in agent configurations are looked up with {@link ServiceLoader}
     * when the runtime is built (default: yes; a name not found then is still looked up when
     * its agent registers).
     *
     * @param discover whether to discover
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder discoverPlugins(boolean discover) {
        once.mark("discoverPlugins");
        this.discover = discover;
        return this;
    }

    /**
     * Sets who approves held tool calls (default: nobody; held calls are denied).
     *
     * @param hook the hook
     * @param timeout how long a call may wait for approval, positive
     * @return this builder
     * @throws IllegalStateException if already set, or if an approval queue is set
     */
    public AgentRuntimeBuilder approvalHook(ApprovalHook hook, Duration timeout) {
        once.mark("approvalHook");
        exclusiveApprovals();
        this.approvalHook = Objects.requireNonNull(hook, "hook");
        this.approvalHookSet = true;
        this.approvalTimeout = positive(timeout, "approval timeout");
        return this;
    }

    /**
     * Sets the first delay before a failed event is tried again; it doubles per attempt
     * (default: 1 s).
     *
     * @param backoff the first delay, zero or positive
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder retryBackoff(Duration backoff) {
        once.mark("retryBackoff");
        if (backoff == null || backoff.isNegative()) {
            throw new IllegalArgumentException("retry backoff must be zero or positive, was " + backoff);
        }
        this.retryBackoff = backoff;
        return this;
    }

    /**
     * Sets how long {@link AgentRuntime#close()} waits for queued and running turns (default: 30 s).
     *
     * @param timeout the drain timeout, positive
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder drainTimeout(Duration timeout) {
        once.mark("drainTimeout");
        this.drainTimeout = positive(timeout, "drain timeout");
        return this;
    }

    /**
     * Sends the events an agent's triggers produce (feed pollers, timers) to another sink than the
     * agent's own mailbox, for example to a partitioned topic that a cluster of runtimes consumes.
     * The function is called once each time an agent starts, with its id; the sink's answer is the
     * trigger's answer ({@code true}: the event is durably accepted and a feed may move its
     * cursor). Default: the agent's mailbox, as {@link AgentRuntime#deliver}.
     *
     * @param sinks the sink for each agent id; must not return null
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder triggerSinks(Function<String, EventSink> sinks) {
        once.mark("triggerSinks");
        this.triggerSinks = Objects.requireNonNull(sinks, "sinks");
        return this;
    }

    /**
     * Sets the clock (for tests).
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public AgentRuntimeBuilder clock(Clock clock) {
        once.mark("clock");
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

    private void exclusiveApprovals() {
        if (approvalQueue != null || approvalHookSet) {
            throw new IllegalStateException("AgentRuntimeBuilder: approvalQueue and approvalHook exclude each other; set one");
        }
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
