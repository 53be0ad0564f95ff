package dev.agentry.cluster.internal;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.memory.AgentryStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents this node runs, decided by the partitions it owns. Taking a partition claims each of
 * its agents in the shared journal (raising the agent's epoch, which fences the previous owner) and
 * only then registers it with the runtime, which recovers its unfinished events from the journal.
 * Handing a partition over stops its agents, each letting its turn in flight finish within the
 * grace; losing one (the group dropped this node) abandons them at once. Thread-safe.
 */
public final class Ownership {
    private static final Logger log = LoggerFactory.getLogger(Ownership.class);

    /**
     * One agent hosted here, from its claim until it stops.
     *
     * @param agentId the agent
     * @param epoch the epoch this node claimed
     * @param stopping set once the node begins to stop it: turns that end after that do not count as finished
     */
    public record Hosting(String agentId, long epoch, AtomicBoolean stopping) {}

    private final String nodeId;
    private final Set<String> known;
    private final Function<String, Agent> factory;
    private final AgentryStore store;
    private final AgentRuntime runtime;
    private final Duration grace;
    private final Map<String, Hosting> hosted = new ConcurrentHashMap<>();
    private final Set<String> unstarted = ConcurrentHashMap.newKeySet();
    private volatile AgentPartitions partitions;

    /** Ownership over the runtime of one node. */
    public Ownership(String nodeId, Set<String> known, Function<String, Agent> factory, AgentryStore store, AgentRuntime runtime, Duration grace) {
        this.nodeId = nodeId;
        this.known = Set.copyOf(known);
        this.factory = factory;
        this.store = store;
        this.runtime = runtime;
        this.grace = grace;
    }

    /** Sets the topic's partition count once it is known. */
    public void partitions(int count) {
        this.partitions = new AgentPartitions(known, count);
    }

    /** Whether the catalog knows the agent. */
    public boolean known(String agentId) {
        return known.contains(agentId);
    }

    /** The agent's hosting here, if it runs here and is not stopping. */
    public Hosting hosting(String agentId) {
        Hosting h = hosted.get(agentId);
        return h == null || h.stopping().get() ? null : h;
    }

    /** The agents running here and their epochs. */
    public Map<String, Long> owned() {
        Map<String, Long> out = new TreeMap<>();
        hosted.values().forEach(h -> out.put(h.agentId(), h.epoch()));
        return out;
    }

    /** The epoch this node holds for an agent, if it runs it. */
    public OptionalLong epoch(String agentId) {
        Hosting h = hosted.get(agentId);
        return h == null ? OptionalLong.empty() : OptionalLong.of(h.epoch());
    }

    /** Claims and starts the agents of newly owned partitions; one that fails to start is tried again by {@link #retryUnstarted()}. */
    public void take(Collection<Integer> owned) {
        partitions.agentsOn(owned).forEach(this::start);
    }

    /** Tries again to start the agents of owned partitions that failed to start (the database was away, say). */
    public void retryUnstarted() {
        List.copyOf(unstarted).forEach(this::start);
    }

    private void start(String agentId) {
        if (hosted.containsKey(agentId)) {
            return;
        }
        try {
            long epoch = store.claim(agentId);
            hosted.put(agentId, new Hosting(agentId, epoch, new AtomicBoolean()));
            Agent agent = factory.apply(agentId);
            if (!agent.id().equals(agentId)) {
                throw new IllegalStateException("the catalog built agent '" + agent.id() + "' when asked for '" + agentId + "'");
            }
            runtime.register(agent);
            unstarted.remove(agentId);
            log.info("node {} runs agent {} at epoch {}", nodeId, agentId, epoch);
        } catch (RuntimeException e) {
            log.error("node {} cannot start agent {} (will try again): {}", nodeId, agentId, e.toString());
            stop(agentId, Duration.ZERO);
            unstarted.add(agentId);
        }
    }

    /** Stops the agents of partitions handed over in a rebalance, each finishing its turn in flight within the grace. */
    public void handOver(Collection<Integer> owned) {
        stopAll(partitions.agentsOn(owned), grace);
    }

    /** Stops the agents of partitions this node lost (it was dropped from the group): turns in flight are abandoned. */
    public void drop(Collection<Integer> owned) {
        stopAll(partitions.agentsOn(owned), Duration.ZERO);
    }

    /** Stops every agent (the node closes). */
    public void stopEverything() {
        stopAll(List.copyOf(hosted.keySet()), grace);
    }

    /** Stops one agent whose journal writes were refused: another node claimed it. */
    public void fenced(String agentId) {
        stop(agentId, Duration.ZERO);
    }

    private void stopAll(List<String> agents, Duration wait) {
        unstarted.removeAll(agents);
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            agents.forEach(agentId -> stopping.submit(() -> stop(agentId, wait)));
        }
    }

    private void stop(String agentId, Duration wait) {
        Hosting h = hosted.get(agentId);
        if (h != null) {
            h.stopping().set(true);
        }
        try {
            if (runtime.agents().contains(agentId)) {
                boolean finished = runtime.deregister(agentId, wait);
                log.info("node {} stopped agent {}{}", nodeId, agentId, finished ? "" : ", abandoning its turn in flight");
            }
        } catch (RuntimeException e) {
            log.warn("node {}: stopping agent {} failed: {}", nodeId, agentId, e.toString());
        } finally {
            hosted.remove(agentId);
            store.release(agentId);
        }
    }
}
