package dev.agentry.cluster;

import dev.agentry.cluster.internal.Envelope;
import dev.agentry.cluster.internal.TopicSetup;
import dev.agentry.cluster.internal.TopicWriter;
import dev.agentry.core.Event;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Writes events for agents to a cluster's topic without running any agent: for API front-ends,
 * scripts and tests. Each event goes to its agent's partition (keyed by the agent id, so one
 * agent's events keep their order) and is acknowledged once Kafka has it durably; whichever node
 * owns the agent runs it. The same event id sent twice is processed once. Thread-safe.
 *
 * <pre>{@code
 * try (EventPublisher events = EventPublisher.connect("127.0.0.1:9092")) {
 *     events.send("tipper", Event.of("api:42", "api", "alice", "c1", "hello", Trust.TRUSTED));
 * }
 * }</pre>
 */
public final class EventPublisher implements AutoCloseable {
    /** The topic nodes use unless told otherwise. */
    public static final String DEFAULT_TOPIC = "agentry.events";

    private final TopicWriter writer;

    EventPublisher(TopicWriter writer) {
        this.writer = writer;
    }

    /**
     * Connects to the brokers, writing to {@link #DEFAULT_TOPIC}.
     *
     * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
     * @return the publisher
     */
    public static EventPublisher connect(String bootstrapServers) {
        return connect(bootstrapServers, DEFAULT_TOPIC);
    }

    /**
     * Connects to the brokers, writing to a topic.
     *
     * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
     * @param topic the cluster's topic (it must exist: the first node creates it)
     * @return the publisher
     * @throws ClusterException if the topic does not exist yet (a broker that creates topics on
     *     first use would give it one partition) or the brokers cannot be reached
     */
    public static EventPublisher connect(String bootstrapServers, String topic) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        TopicSetup.existing(p, topic);
        p.put("client.id", "agentry-publisher");
        return new EventPublisher(new TopicWriter(p, topic));
    }

    /**
     * Writes an event for an agent.
     *
     * @param agentId the agent
     * @param event the event; its trust is kept, so only trusted code may publish
     * @return completes when Kafka acknowledged the write, or exceptionally with Kafka's failure
     */
    public CompletableFuture<Void> sendAsync(String agentId, Event event) {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(event, "event");
        return writer.send(agentId, new Envelope(Envelope.Kind.EVENT, event));
    }

    /**
     * Writes an event for an agent and waits for the acknowledgement.
     *
     * @param agentId the agent
     * @param event the event
     * @throws ClusterException if Kafka did not acknowledge it within 30 s (it may still arrive, once)
     */
    public void send(String agentId, Event event) {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(event, "event");
        if (!writer.sendAndWait(agentId, new Envelope(Envelope.Kind.EVENT, event), Duration.ofSeconds(30))) {
            throw new ClusterException("event " + event.id() + " for agent " + agentId + " was not acknowledged by topic " + writer.topic());
        }
    }

    /** Flushes and closes the producer (waits up to 10 s). */
    @Override
    public void close() {
        writer.close();
    }
}
