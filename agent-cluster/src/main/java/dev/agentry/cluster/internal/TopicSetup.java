package dev.agentry.cluster.internal;

import dev.agentry.cluster.ClusterException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the cluster's topic, creating it when the first node starts. */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 30;

    private TopicSetup() {}

    /**
     * Returns the topic's partition count, creating the topic first if it does not exist.
     *
     * @param settings admin client settings (bootstrap servers and overrides)
     * @param topic the topic
     * @param partitions partitions of a new topic
     * @param replication replication factor of a new topic; 0 for min(3, brokers)
     * @throws ClusterException if the brokers cannot be reached or refuse
     */
    public static int ensure(Properties settings, String topic, int partitions, int replication) {
        try (Admin admin = Admin.create(settings)) {
            try {
                return describe(admin, topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            short factor = (short) (replication > 0 ? replication : Math.min(3, brokers));
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, factor))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.info("created topic {} with {} partitions, replication factor {}", topic, partitions, factor);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return describe(admin, topic);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ClusterException("cannot find or create topic " + topic + " on " + settings.getProperty("bootstrap.servers") + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while finding topic " + topic, e);
        }
    }

    /**
     * Returns the partition count of an existing topic.
     *
     * @throws ClusterException if the topic does not exist or the brokers cannot be reached
     */
    public static int existing(Properties settings, String topic) {
        try (Admin admin = Admin.create(settings)) {
            return describe(admin, topic);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ClusterException((cause instanceof UnknownTopicOrPartitionException ? "topic " + topic + " does not exist on "
                    + settings.getProperty("bootstrap.servers") + " yet: the first cluster node creates it"
                    : "cannot find topic " + topic + " on " + settings.getProperty("bootstrap.servers") + ": " + cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while finding topic " + topic, e);
        }
    }

    private static int describe(Admin admin, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().size();
    }
}
