package dev.agentry.cluster;

import dev.agentry.core.AgentRuntimeBuilder;
import dev.agentry.core.Trust;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.AgentryStoreBuilder;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Configures a {@link ClusterNode}. Required: {@link #bootstrapServers}, {@link #postgres} and
 * {@link #agents}. Each setting may be given once (a second call throws naming it); a bad value
 * fails at once naming it. Not thread-safe.
 */
public final class ClusterNodeBuilder {
    private final Set<String> given = new HashSet<>();
    String bootstrapServers;
    String jdbcUrl;
    String user;
    String password;
    AgentCatalog agents;
    String nodeId;
    String groupId = "agentry";
    String topic = EventPublisher.DEFAULT_TOPIC;
    int partitions = 12;
    int replication;
    Duration sessionTimeout = Duration.ofSeconds(10);
    Duration handoverGrace = Duration.ofSeconds(10);
    Map<String, Trust> agentTrust = Map.of();
    Trust defaultAgentTrust = Trust.UNTRUSTED;
    int hopLimit = 4;
    int conversationBudget = 20;
    final Map<String, String> kafka = new LinkedHashMap<>();
    Consumer<AgentryStoreBuilder> storeSettings = b -> {};
    Consumer<AgentRuntimeBuilder> runtimeSettings = b -> {};

    ClusterNodeBuilder() {}

    private void once(String setting) {
        if (!given.add(setting)) {
            throw new IllegalStateException("ClusterNode.Builder: " + setting + " was already set; each setting may be set once");
        }
    }

    /**
     * Sets the Kafka brokers.
     *
     * @param servers {@code host:port[,host:port...]}
     * @return this builder
     */
    public ClusterNodeBuilder bootstrapServers(String servers) {
        once("bootstrapServers");
        this.bootstrapServers = text(servers, "bootstrapServers");
        return this;
    }

    /**
     * Sets the PostgreSQL database the nodes share: the journal (inbox, turns, effects with their
     * idempotency keys, the agents' epochs), memory and feed cursors.
     *
     * @param url the JDBC URL, {@code jdbc:postgresql://host:5432/db}
     * @param user the user
     * @param password the password (never logged nor put in messages)
     * @return this builder
     */
    public ClusterNodeBuilder postgres(String url, String user, String password) {
        once("postgres");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("postgres url must start with jdbc:postgresql:, was " + (url == null ? null : url.split("\\?")[0]));
        }
        this.jdbcUrl = url;
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        return this;
    }

    /**
     * Sets the agents of the cluster (the same catalog on every node).
     *
     * @param catalog the agents
     * @return this builder
     */
    public ClusterNodeBuilder agents(AgentCatalog catalog) {
        once("agents");
        this.agents = Objects.requireNonNull(catalog, "catalog");
        return this;
    }

    /**
     * Names this node in logs, in the epochs table and as its Kafka client id (default: host name
     * and process id).
     *
     * @param id the node id
     * @return this builder
     */
    public ClusterNodeBuilder nodeId(String id) {
        once("nodeId");
        this.nodeId = text(id, "nodeId");
        return this;
    }

    /**
     * Sets the consumer group the nodes share (default {@code "agentry"}).
     *
     * @param group the group id
     * @return this builder
     */
    public ClusterNodeBuilder groupId(String group) {
        once("groupId");
        this.groupId = text(group, "groupId");
        return this;
    }

    /**
     * Sets the topic and the partitions it gets when the first node creates it (default
     * {@code "agentry.events"}, 12). Partitions bound how many nodes share the work; do not change
     * the count of a running cluster's topic (agents would move to other partitions).
     *
     * @param name the topic
     * @param partitions partitions of a new topic, at least 1
     * @return this builder
     */
    public ClusterNodeBuilder topic(String name, int partitions) {
        once("topic");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.topic = text(name, "topic");
        this.partitions = partitions;
        return this;
    }

    /**
     * Sets the replication factor of a new topic (default: 3, or fewer brokers if there are fewer).
     *
     * @param factor at least 1
     * @return this builder
     */
    public ClusterNodeBuilder replicationFactor(int factor) {
        once("replicationFactor");
        if (factor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, was " + factor);
        }
        this.replication = factor;
        return this;
    }

    /**
     * Sets how long the group waits for a silent node before giving its partitions to others
     * (Kafka's {@code session.timeout.ms}; default 10 s, within the brokers' allowed range). A node
     * that comes back later is fenced: its journal writes for agents it lost are refused.
     *
     * @param timeout the session timeout, at least 1 s
     * @return this builder
     */
    public ClusterNodeBuilder sessionTimeout(Duration timeout) {
        once("sessionTimeout");
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("sessionTimeout must be at least 1 s, was " + timeout);
        }
        this.sessionTimeout = timeout;
        return this;
    }

    /**
     * Sets how long an agent handed over in a rebalance may take to finish its turn in flight
     * before it is abandoned (default 10 s).
     *
     * @param grace the grace, zero or positive
     * @return this builder
     */
    public ClusterNodeBuilder handoverGrace(Duration grace) {
        once("handoverGrace");
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("handoverGrace must be zero or positive, was " + grace);
        }
        this.handoverGrace = grace;
        return this;
    }

    /**
     * Sets how far messages from each agent are trusted by the agents that receive them; agents
     * not named get {@code defaultTrust} (default {@link Trust#UNTRUSTED}). A message is never
     * trusted more than the event its sender was handling when it wrote.
     *
     * @param trust trust by sending agent id
     * @param defaultTrust the trust of agents not named
     * @return this builder
     */
    public ClusterNodeBuilder agentTrust(Map<String, Trust> trust, Trust defaultTrust) {
        once("agentTrust");
        this.agentTrust = Map.copyOf(trust);
        this.defaultAgentTrust = Objects.requireNonNull(defaultTrust, "defaultTrust");
        return this;
    }

    /**
     * Sets what stops loops between agents: at most {@code hopLimit} agent-to-agent messages in a
     * row (default 4) and at most {@code conversationBudget} in one conversation across the cluster
     * (default 20).
     *
     * @param hopLimit at least 1
     * @param conversationBudget at least 1
     * @return this builder
     */
    public ClusterNodeBuilder loopLimits(int hopLimit, int conversationBudget) {
        once("loopLimits");
        if (hopLimit < 1 || conversationBudget < 1) {
            throw new IllegalArgumentException("hopLimit and conversationBudget must be at least 1, were " + hopLimit + ", " + conversationBudget);
        }
        this.hopLimit = hopLimit;
        this.conversationBudget = conversationBudget;
        return this;
    }

    /**
     * Sets a Kafka client setting for the node's consumer, producer and admin client (security,
     * timeouts); may be called once per key. The node's own choices (offsets committed by the node,
     * idempotent writes acknowledged by all replicas) cannot be overridden.
     *
     * @param key the Kafka setting, for example {@code "security.protocol"}
     * @param value its value
     * @return this builder
     */
    public ClusterNodeBuilder kafkaSetting(String key, String value) {
        once("kafkaSetting " + text(key, "kafkaSetting key"));
        kafka.put(key, Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds settings to the node's store (an embedding model, recall weights); the database and
     * fencing are the node's.
     *
     * @param settings called with the store's builder
     * @return this builder
     */
    public ClusterNodeBuilder storeSettings(Consumer<AgentryStoreBuilder> settings) {
        once("storeSettings");
        this.storeSettings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * Adds settings to the node's runtime (metrics, approval hook, plugins, retry backoff); the
     * journal, memory, cursors and trigger sinks are the node's.
     *
     * @param settings called with the runtime's builder
     * @return this builder
     */
    public ClusterNodeBuilder runtimeSettings(Consumer<AgentRuntimeBuilder> settings) {
        once("runtimeSettings");
        this.runtimeSettings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * Opens the node's store (PostgreSQL, migrated, fenced) and prepares its runtime and Kafka
     * clients; {@link ClusterNode#start()} joins the cluster.
     *
     * @return the node, not yet started
     * @throws IllegalStateException if a required setting is missing
     * @throws ClusterException if the database cannot be prepared
     */
    public ClusterNode build() {
        for (String required : new String[] {"bootstrapServers", "postgres", "agents"}) {
            if (!given.contains(required)) {
                throw new IllegalStateException("ClusterNode.Builder: " + required + " is required");
            }
        }
        if (nodeId == null) {
            nodeId = ClusterNode.defaultNodeId();
        }
        return new ClusterNode(this);
    }

    private static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, was " + (value == null ? null : "'" + value + "'"));
        }
        return value;
    }
}
