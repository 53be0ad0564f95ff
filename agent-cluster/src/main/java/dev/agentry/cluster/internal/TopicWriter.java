package dev.agentry.cluster.internal;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes envelopes to the cluster's topic, each to its agent's partition, with an idempotent
 * producer that waits for all in-sync replicas ({@code acks=all}): a write is acknowledged once it
 * is durable in Kafka. Thread-safe (one producer shared by the node's threads).
 */
public final class TopicWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicWriter.class);

    private final KafkaProducer<String, String> producer;
    private final String topic;

    /** A writer with these producer settings (bootstrap servers and any overrides). */
    public TopicWriter(Properties settings, String topic) {
        Properties p = new Properties();
        p.putAll(settings);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.putIfAbsent("linger.ms", "1");
        p.putIfAbsent("delivery.timeout.ms", "30000");
        p.putIfAbsent("request.timeout.ms", "10000");
        p.putIfAbsent("max.block.ms", "15000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** Writes an envelope for an agent; the future completes when Kafka acknowledged it. */
    public CompletableFuture<Void> send(String agentId, Envelope envelope) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            int partition = AgentPartitions.of(agentId, producer.partitionsFor(topic).size());
            producer.send(new ProducerRecord<>(topic, partition, agentId, envelope.toJson()), (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /**
     * Writes an envelope and waits for the acknowledgement.
     *
     * @return whether Kafka acknowledged it within the timeout (a {@code false} write may still
     *     land: the reader deduplicates by event id)
     */
    public boolean sendAndWait(String agentId, Envelope envelope, Duration timeout) {
        try {
            send(agentId, envelope).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("writing event {} for agent {} to {} was not acknowledged: {}", envelope.event().id(), agentId, topic,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
