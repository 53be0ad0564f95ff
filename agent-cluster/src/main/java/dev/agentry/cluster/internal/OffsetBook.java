package dev.agentry.cluster.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of each owned partition are finished, and so how far each partition's offset may be
 * committed: up to the first record not yet finished. A record is finished when its turn is
 * journalled and its event completed (replied, silent, dead-lettered, or a duplicate of an event
 * already in the shared inbox); a turn given up by a stopping agent never finishes here, so the
 * next owner reads its record again. Thread-safe: turns finish on agent threads, the poll thread
 * commits.
 */
public final class OffsetBook {
    private final Map<TopicPartition, TreeMap<Long, Boolean>> open = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** A record was handed to its agent. */
    public synchronized void started(TopicPartition tp, long offset) {
        open.computeIfAbsent(tp, k -> new TreeMap<>()).put(offset, Boolean.FALSE);
    }

    /** A record's turn ended; {@code done} if its event is complete in the journal. */
    public synchronized void finished(TopicPartition tp, long offset, boolean done) {
        TreeMap<Long, Boolean> records = open.get(tp);
        if (done && records != null && records.containsKey(offset)) {
            records.put(offset, Boolean.TRUE);
        }
    }

    /** A record was handed back to the consumer (it will be read again): it no longer counts. */
    public synchronized void withdrawn(TopicPartition tp, long offset) {
        TreeMap<Long, Boolean> records = open.get(tp);
        if (records != null) {
            records.remove(offset);
        }
    }

    /** The offsets to commit now: for each partition that moved, the first record not finished. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(open.keySet());
    }

    /** The offsets to commit now for some partitions. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            TreeMap<Long, Boolean> records = open.get(tp);
            Long next = null;
            while (records != null && !records.isEmpty() && records.firstEntry().getValue()) {
                next = records.pollFirstEntry().getKey() + 1;
            }
            if (next != null && !next.equals(committed.get(tp))) {
                committed.put(tp, next);
                out.put(tp, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    /** Forgets partitions this node no longer owns. */
    public synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            open.remove(tp);
            committed.remove(tp);
        });
    }
}
