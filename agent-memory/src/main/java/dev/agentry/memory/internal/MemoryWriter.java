package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.agentry.memory.MemoryStoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous, ordered, bounded writer of memories. {@link #enqueue} returns once the items
 * are queued; one thread takes what is queued (up to 512 items at a time), and the sink embeds their
 * texts in one batch and stores them in one group transaction, in the order they were queued. While
 * more than the capacity waits, {@link #enqueue} blocks (back-pressure). {@link #flush} waits until
 * an agent's queued items are committed and reports a write that failed since its last flush; the
 * store calls it before every read of the agent's memories and before completing one of its events,
 * so a conversation sees its own last message and an event is never completed before its memories
 * are durable. Thread-safe.
 */
final class MemoryWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWriter.class);
    private static final int BATCH_ITEMS = 512;

    private record Op(long seq, List<MemoryItem> items) {}

    private final Consumer<List<MemoryItem>> sink;
    private final Consumer<List<MemoryItem>> afterWrite;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Op> queue = new ArrayDeque<>();
    private final Map<String, Long> lastByAgent = new HashMap<>();
    private final Map<String, RuntimeException> failures = new HashMap<>();
    private final Thread thread;
    private int queuedItems;
    private long lastSeq;
    private long doneSeq;
    private boolean closed;

    /**
     * A writer that hands batches to {@code sink} (which stores them durably or throws) and then the
     * stored items to {@code afterWrite}, on its own thread; at most about {@code capacity} items wait.
     */
    MemoryWriter(Consumer<List<MemoryItem>> sink, Consumer<List<MemoryItem>> afterWrite, int capacity) {
        this.sink = sink;
        this.afterWrite = afterWrite;
        this.capacity = capacity;
        this.thread = Thread.ofPlatform().daemon().name("agentry-memory-writer").start(this::loop);
    }

    /** Queues items to be written in order; blocks while the queue is full. */
    void enqueue(List<MemoryItem> items) {
        List<MemoryItem> copy = List.copyOf(items);
        lock.lock();
        try {
            while (!closed && queuedItems > 0 && queuedItems + copy.size() > capacity) {
                changed.awaitUninterruptibly();
            }
            if (closed) {
                throw new MemoryStoreException("cannot remember " + copy.size() + " memories: the store is closed");
            }
            long seq = ++lastSeq;
            queue.add(new Op(seq, copy));
            queuedItems += copy.size();
            copy.forEach(i -> lastByAgent.put(i.agentId(), seq));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every item of the agent queued before this call is committed; throws if one of its writes failed since the last flush. */
    void flush(String agentId) {
        lock.lock();
        try {
            Long target = lastByAgent.get(agentId);
            while (target != null && doneSeq < target) {
                changed.awaitUninterruptibly();
            }
            RuntimeException failure = failures.remove(agentId);
            if (failure != null) {
                throw new MemoryStoreException("memories of agent " + agentId + " could not be stored: " + failure.getMessage(), failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every item queued before this call is committed; throws the first write failure not reported yet. */
    void flushAll() {
        lock.lock();
        try {
            long target = lastSeq;
            while (doneSeq < target) {
                changed.awaitUninterruptibly();
            }
            if (!failures.isEmpty()) {
                var first = failures.entrySet().iterator().next();
                failures.clear();
                throw new MemoryStoreException("memories of agent " + first.getKey() + " could not be stored: " + first.getValue().getMessage(),
                        first.getValue());
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            List<Op> batch = next();
            if (batch == null) {
                return;
            }
            List<MemoryItem> stored = write(batch);
            if (!stored.isEmpty()) {
                // before the flush waiters wake: what it starts (reflection) is then already seen by them
                afterWrite.accept(stored);
            }
            int items = batch.stream().mapToInt(o -> o.items().size()).sum();
            lock.lock();
            try {
                doneSeq = batch.getLast().seq();
                queuedItems -= items;
                lastByAgent.values().removeIf(seq -> seq <= doneSeq);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next operations to write (at least one, up to about 512 items), or null once closed and drained. */
    private List<Op> next() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                changed.awaitUninterruptibly();
            }
            List<Op> batch = new ArrayList<>();
            int items = 0;
            while (!queue.isEmpty() && (batch.isEmpty() || items + queue.peek().items().size() <= BATCH_ITEMS)) {
                Op op = queue.poll();
                batch.add(op);
                items += op.items().size();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Writes a batch in one go; if that fails, operation by operation, so a failure stays with its own agents. Returns what was stored. */
    private List<MemoryItem> write(List<Op> batch) {
        List<MemoryItem> all = new ArrayList<>();
        batch.forEach(o -> all.addAll(o.items()));
        try {
            sink.accept(all);
            return all;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                failed(batch.get(0), e);
                return List.of();
            }
        }
        List<MemoryItem> stored = new ArrayList<>();
        for (Op op : batch) {
            try {
                sink.accept(op.items());
                stored.addAll(op.items());
            } catch (RuntimeException e) {
                failed(op, e);
            }
        }
        return stored;
    }

    private void failed(Op op, RuntimeException e) {
        Set<String> agents = new LinkedHashSet<>();
        op.items().forEach(i -> agents.add(i.agentId()));
        LOG.warn("Storing {} memories of agent(s) {} failed: {}", op.items().size(), agents, e.toString());
        lock.lock();
        try {
            agents.forEach(a -> failures.putIfAbsent(a, e));
        } finally {
            lock.unlock();
        }
    }

    /** Writes everything queued, then stops the thread; further {@link #enqueue} calls fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
