package dev.agentry.cluster.internal;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.FencedException;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one consumer thread: polls the topic, hands each record to its agent's mailbox, and
 * commits each partition's offset up to the first record whose turn is not journalled yet. Its
 * rebalance callbacks move agents: assigned partitions are taken (claimed, then started), revoked
 * ones handed over (agents stopped, offsets committed), lost ones dropped. A record for an agent
 * that cannot take it now (mailbox full, stopping, fenced) is sought back and its partition paused
 * briefly, so nothing behind it overtakes it. The consumer is used on this thread only.
 */
public final class PollLoop implements Runnable, ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration BACKOFF = Duration.ofMillis(300);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Consumer<String, String> consumer;
    private final String topic;
    private final Ownership ownership;
    private final AgentRuntime runtime;
    private final Function<String, Trust> agentTrust;
    private final OffsetBook book = new OffsetBook();
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final Queue<String> fenced = new ConcurrentLinkedQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closing;
    private long nextRetry;

    /** A loop over a consumer of the node's group. */
    public PollLoop(Consumer<String, String> consumer, String topic, Ownership ownership, AgentRuntime runtime, Function<String, Trust> agentTrust) {
        this.consumer = consumer;
        this.topic = topic;
        this.ownership = ownership;
        this.runtime = runtime;
        this.agentTrust = agentTrust;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (!closing) {
                pollOnce();
            }
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(30)));
            } catch (RuntimeException e) {
                log.warn("closing the consumer of {} failed: {}", topic, e.toString());
            }
            ended.countDown();
        }
    }

    private void pollOnce() {
        try {
            ConsumerRecords<String, String> records = consumer.poll(POLL);
            for (TopicPartition tp : records.partitions()) {
                for (ConsumerRecord<String, String> record : records.records(tp)) {
                    if (!dispatch(tp, record)) {
                        break;
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> done = book.committable();
            if (!done.isEmpty()) {
                consumer.commitAsync(done, (offsets, error) -> {
                    if (error != null) {
                        log.debug("committing {} failed: {}", offsets, error.toString());
                    }
                });
            }
            resumeDue();
            for (String agentId; (agentId = fenced.poll()) != null; ) {
                ownership.fenced(agentId);
            }
            if (System.nanoTime() - nextRetry > 0) {
                ownership.retryUnstarted();
                nextRetry = System.nanoTime() + RETRY.toNanos();
            }
        } catch (WakeupException e) {
            // close() woke the poll
        } catch (KafkaException e) {
            log.warn("polling {} failed, will retry: {}", topic, e.toString());
            sleep(BACKOFF);
        }
    }

    /** Hands a record to its agent; false when its partition must wait (the rest of the batch is read again later). */
    private boolean dispatch(TopicPartition tp, ConsumerRecord<String, String> record) {
        String agentId = record.key();
        Envelope envelope;
        try {
            envelope = Envelope.fromJson(record.value());
        } catch (IllegalArgumentException | NullPointerException e) {
            log.warn("skipping record {} of {}: {}", record.offset(), tp, e.getMessage());
            skip(tp, record.offset());
            return true;
        }
        if (agentId == null || !ownership.known(agentId)) {
            log.warn("skipping event {} at {}@{}: no agent '{}' in this node's catalog", envelope.event().id(), tp, record.offset(), agentId);
            skip(tp, record.offset());
            return true;
        }
        Ownership.Hosting hosting = ownership.hosting(agentId);
        if (hosting == null) {
            backOff(tp, record.offset());
            return false;
        }
        book.started(tp, record.offset());
        CompletableFuture<TurnResult> turn;
        try {
            turn = runtime.submit(agentId, envelope.received(agentTrust.apply(envelope.event().author())));
        } catch (IllegalArgumentException e) {
            turn = CompletableFuture.failedFuture(e); // stopped between the check and the submission
        }
        if (turn.isCompletedExceptionally()) {
            book.withdrawn(tp, record.offset());
            if (cause(turn) instanceof FencedException) {
                ownership.fenced(agentId);
            }
            backOff(tp, record.offset());
            return false;
        }
        long offset = record.offset();
        turn.whenComplete((result, error) -> {
            book.finished(tp, offset, error == null && (result.outcome() != TurnResult.Outcome.FAILED || !hosting.stopping().get()));
            if (error instanceof FencedException) {
                fenced.add(agentId); // stopped on the poll thread: this is the agent's own thread
            }
        });
        return true;
    }

    private void skip(TopicPartition tp, long offset) {
        book.started(tp, offset);
        book.finished(tp, offset, true);
    }

    private void backOff(TopicPartition tp, long offset) {
        consumer.seek(tp, offset);
        consumer.pause(List.of(tp));
        resumeAt.put(tp, System.nanoTime() + BACKOFF.toNanos());
    }

    private void resumeDue() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<TopicPartition, Long>> it = resumeAt.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Long> e = it.next();
            if (now - e.getValue() >= 0) {
                it.remove();
                if (consumer.assignment().contains(e.getKey())) {
                    consumer.resume(List.of(e.getKey()));
                }
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        guarded("taking", partitions, () -> ownership.take(numbers(partitions)));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        guarded("handing over", partitions, () -> {
            ownership.handOver(numbers(partitions));
            Map<TopicPartition, OffsetAndMetadata> done = book.committable(partitions);
            if (!done.isEmpty()) {
                consumer.commitSync(done);
            }
        });
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        guarded("dropping", partitions, () -> ownership.drop(numbers(partitions)));
        forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        book.forget(partitions);
        partitions.forEach(resumeAt::remove);
    }

    private static void guarded(String what, Collection<TopicPartition> partitions, Runnable action) {
        if (partitions.isEmpty()) {
            return;
        }
        log.info("{} partitions {}", what, numbers(partitions));
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("{} partitions {} failed: {}", what, numbers(partitions), e.toString());
        }
    }

    /** Stops polling: the consumer leaves the group, handing its agents over; waits up to {@code timeout}. */
    public void close(Duration timeout) {
        closing = true;
        consumer.wakeup();
        try {
            if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the poll loop of {} did not end within {}", topic, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    private static Throwable cause(CompletableFuture<?> failed) {
        try {
            failed.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
