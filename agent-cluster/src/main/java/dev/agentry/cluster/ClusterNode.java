package dev.agentry.cluster;

import dev.agentry.cluster.internal.AgentMessages;
import dev.agentry.cluster.internal.ConversationBudget;
import dev.agentry.cluster.internal.Envelope;
import dev.agentry.cluster.internal.MessagingPlugin;
import dev.agentry.cluster.internal.Ownership;
import dev.agentry.cluster.internal.PollLoop;
import dev.agentry.cluster.internal.TopicSetup;
import dev.agentry.cluster.internal.TopicWriter;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.AgentRuntimeBuilder;
import dev.agentry.core.Event;
import dev.agentry.core.Trust;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.AgentryStoreBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of an Agentry cluster: agents spread over many JVMs by Apache Kafka, their journal and
 * memory shared in PostgreSQL. The single-JVM {@link AgentRuntime} stays the default; a cluster
 * needs a broker and a database.
 *
 * <p>Events for agents go to one topic keyed by agent id, so one agent's events keep their order.
 * Every node is a member of one consumer group, and the partitions it owns decide the agents it
 * runs. When a node takes a partition it claims each of its agents in the shared journal, which
 * raises the agent's epoch, and starts it: the agent picks up its unfinished events from the
 * journal. When a rebalance takes a partition away, its agents stop, each finishing its turn in
 * flight within the {@linkplain ClusterNodeBuilder#handoverGrace grace}. A partition's offset is
 * committed only up to the first record whose turn is not journalled yet.
 *
 * <p>Effects happen once across nodes: their idempotency keys and the effect journal are shared,
 * and every journal write for an agent (its STARTED record before a tool runs, checkpoints, replies,
 * accepting events) checks the agent's epoch in the same transaction. A node that lost its
 * partitions without knowing it (a long pause, a network split) is refused there and runs nothing:
 * the agent stops on that node. Feed pollers and other triggers run on the owner of their agent
 * only, and write their events to the topic, moving a feed's cursor only once Kafka acknowledged
 * the write. Agents talk to agents by id through the same topic ({@code message_agent}; an answer
 * to an agent goes back to it), seen with the trust configured for the sender (never more than
 * the trust of the event the sender was handling), within a hop limit and a per-conversation budget.
 *
 * <pre>{@code
 * ClusterNode node = ClusterNode.launch("127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:5432/agentry", catalog);
 * // ... until shutdown:
 * node.close();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} hands the node's agents over to the other nodes.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final String nodeId;
    private final ClusterNodeBuilder settings;
    private final AgentryStore store;
    private final TopicWriter writer;
    private final ConversationBudget budget;
    private final AgentRuntime runtime;
    private final Ownership ownership;
    private PollLoop loop;
    private boolean started;
    private boolean closed;

    ClusterNode(ClusterNodeBuilder b) {
        this.nodeId = b.nodeId;
        this.settings = b;
        AgentryStoreBuilder storeBuilder = AgentryStore.builder().postgres(b.jdbcUrl, b.user, b.password).fencing(nodeId);
        b.storeSettings.accept(storeBuilder);
        this.store = storeBuilder.build();
        List<AutoCloseable> opened = new ArrayList<>(List.of(store));
        try {
            this.writer = new TopicWriter(kafka("producer"), b.topic);
            opened.add(writer);
            this.budget = new ConversationBudget(b.jdbcUrl, b.user, b.password);
            opened.add(budget);
            AgentMessages messages = new AgentMessages(writer, budget, b.agents.agentIds(), b.hopLimit, b.conversationBudget);
            AgentRuntimeBuilder runtimeBuilder = AgentRuntime.builder();
            b.runtimeSettings.accept(runtimeBuilder);
            this.runtime = runtimeBuilder.journal(store).memory(store).cursors(store).plugin(new MessagingPlugin(messages))
                    .triggerSinks(agentId -> event -> writer.sendAndWait(agentId, new Envelope(Envelope.Kind.EVENT, event), ACK_TIMEOUT))
                    .build();
            this.ownership = new Ownership(nodeId, b.agents.agentIds(), b.agents::create, store, runtime, b.handoverGrace);
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static ClusterNodeBuilder builder() {
        return new ClusterNodeBuilder();
    }

    /**
     * Starts a node with the default settings (topic {@code agentry.events}, group {@code agentry})
     * and joins the cluster, for an application that hosts several agents on each node (the
     * runner's {@code --cluster} uses the builder, one bot's topic and group per bot). The database user and password come from the URL's
     * {@code user} and {@code password} parameters, else from {@code PGUSER} and {@code PGPASSWORD}
     * (default {@code postgres}, no password).
     *
     * @param bootstrapServers the Kafka brokers, {@code host:port[,host:port...]}
     * @param postgresUrl the shared database, {@code jdbc:postgresql://host:5432/db}
     * @param agents the cluster's agents
     * @return the started node; close it to leave the cluster
     * @throws ClusterException if the broker or the database cannot be reached
     */
    public static ClusterNode launch(String bootstrapServers, String postgresUrl, AgentCatalog agents) {
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        ClusterNode node = builder().bootstrapServers(bootstrapServers).postgres(postgresUrl, user, password).agents(agents).build();
        try {
            node.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * Joins the cluster: creates the topic if this is the first node, starts the runtime and the
     * consumer thread. Agents start as the group assigns partitions (within a few seconds).
     * Calling it again does nothing.
     *
     * @throws ClusterException if the topic cannot be found or created
     * @throws IllegalStateException if the node is closed
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("cluster node " + nodeId + " is closed");
        }
        if (started) {
            return;
        }
        int partitions = TopicSetup.ensure(kafka("admin"), settings.topic, settings.partitions, settings.replication);
        ownership.partitions(partitions);
        runtime.start();
        loop = new PollLoop(new KafkaConsumer<>(consumerSettings(), new StringDeserializer(), new StringDeserializer()), settings.topic,
                ownership, runtime, this::trustOf);
        Thread.ofPlatform().name("agentry-cluster-" + nodeId).start(loop);
        started = true;
        log.info("cluster node {} joined group {} on topic {} ({} partitions, {} agents in the catalog)", nodeId, settings.groupId,
                settings.topic, partitions, settings.agents.agentIds().size());
    }

    /**
     * Returns this node's id.
     *
     * @return the id
     */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Returns the agents this node runs now and the epoch it claimed each at.
     *
     * @return agent id to epoch, sorted by id
     */
    public Map<String, Long> ownedAgents() {
        return ownership.owned();
    }

    /**
     * Returns the epoch this node holds for an agent, if it runs it now.
     *
     * @param agentId the agent
     * @return the epoch, empty if the agent runs elsewhere
     */
    public OptionalLong epoch(String agentId) {
        return ownership.epoch(agentId);
    }

    /**
     * Writes an event for an agent to the cluster's topic; whichever node owns the agent runs it.
     *
     * @param agentId the agent
     * @param event the event; its trust is kept
     * @return completes when Kafka acknowledged the write
     */
    public CompletableFuture<Void> publish(String agentId, Event event) {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(event, "event");
        return writer.send(agentId, new Envelope(Envelope.Kind.EVENT, event));
    }

    /**
     * Returns the node's runtime: the agents it runs now, their journal (shared by the cluster) and
     * {@link AgentRuntime#invokeTool} for them.
     *
     * @return the runtime
     */
    public AgentRuntime runtime() {
        return runtime;
    }

    /**
     * Leaves the cluster: the consumer leaves the group, handing this node's agents over (each
     * finishes its turn in flight within the grace), then the runtime, Kafka clients and database
     * connections close. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (loop != null) {
            loop.close(settings.handoverGrace.plusSeconds(45));
        }
        ownership.stopEverything();
        closeAll(List.of(runtime, writer, budget, store), null);
        log.info("cluster node {} left", nodeId);
    }

    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private Trust trustOf(String agentId) {
        return settings.agentTrust.getOrDefault(agentId, settings.defaultAgentTrust);
    }

    private Properties kafka(String role) {
        Properties p = new Properties();
        p.put("bootstrap.servers", settings.bootstrapServers);
        p.put("client.id", "agentry-" + nodeId + "-" + role);
        p.putAll(settings.kafka);
        return p;
    }

    private Properties consumerSettings() {
        Properties p = kafka("consumer");
        long session = settings.sessionTimeout.toMillis();
        p.putIfAbsent("session.timeout.ms", Long.toString(session));
        p.putIfAbsent("heartbeat.interval.ms", Long.toString(Math.max(100, session / 4)));
        p.putIfAbsent("max.poll.records", "200");
        p.put("group.id", settings.groupId);
        p.put("group.protocol", "classic");
        p.put("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("allow.auto.create.topics", "false");
        return p;
    }

    private static void closeAll(List<? extends AutoCloseable> resources, RuntimeException failure) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }
}
