package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.agentry.memory.MemoryStoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous, ordered, bounded writer of memories. {@link #enqueue} returns once the items
 * are queued; one thread takes what is queued (up to 512 items at a time), and the {@link Sink}
 * embeds their texts in one batch and stores them in one group transaction, in the order they were
 * queued. While more than the capacity waits, {@link #enqueue} blocks (back-pressure).
 *
 * <p>A journal write that must follow an agent's memories (completing an event) goes through the
 * same queue ({@link #write}): it is committed in the same transaction as the memories queued
 * before it, or after them, and fails if one of them failed, so an event is never completed before
 * the memories its turn stored are durable. {@link #flush} waits until an agent's queued items are
 * committed and reports a memory write that failed since its last report; the store calls it
 * before every read of the agent's memories, so a conversation sees its own last message.
 * Thread-safe.
 */
final class MemoryWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWriter.class);
    private static final int BATCH_ITEMS = 512;

    /** Stores memories (embedding them) and runs journal writes after them, in one transaction, or throws. */
    @FunctionalInterface
    interface Sink {
        /** Stores the items, then runs the journal writes, committed together. */
        void store(List<MemoryItem> items, List<Db.Work<?>> journal);
    }

    /** Queued memories, or a journal write of an agent with its caller's future. */
    private record Op(long seq, String agentId, List<MemoryItem> items, Db.Work<?> journal, CompletableFuture<Void> done) {
        List<Db.Work<?>> journalWrites() {
            return journal == null ? List.of() : List.of(journal);
        }
    }

    private final Sink sink;
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
     * A writer that hands batches to {@code sink} and then the stored items to {@code afterWrite}
     * (which must not block), on its own thread; at most about {@code capacity} items wait.
     */
    MemoryWriter(Sink sink, Consumer<List<MemoryItem>> afterWrite, int capacity) {
        this.sink = sink;
        this.afterWrite = afterWrite;
        this.capacity = capacity;
        this.thread = Thread.ofPlatform().daemon().name("agentry-memory-writer").start(this::loop);
    }

    /** Queues items to be written in order; blocks while the queue is full. */
    void enqueue(List<MemoryItem> items) {
        List<MemoryItem> copy = List.copyOf(items);
        add(copy.get(0).agentId(), copy, null, null);
    }

    /**
     * Runs a journal write of an agent after the memories it queued before, in the same transaction
     * as them or a later one; returns once it is committed.
     *
     * @throws MemoryStoreException if the write, or a memory write of the agent queued before it, failed
     */
    void write(String agentId, Db.Work<?> journal) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        add(agentId, List.of(), journal, done);
        try {
            done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void add(String agentId, List<MemoryItem> items, Db.Work<?> journal, CompletableFuture<Void> done) {
        lock.lock();
        try {
            while (!closed && queuedItems > 0 && queuedItems + items.size() > capacity) {
                changed.awaitUninterruptibly();
            }
            if (closed) {
                throw new MemoryStoreException("cannot store memories of agent " + agentId + ": the store is closed");
            }
            long seq = ++lastSeq;
            queue.add(new Op(seq, agentId, items, journal, done));
            queuedItems += items.size();
            lastByAgent.put(agentId, seq);
            items.forEach(i -> lastByAgent.put(i.agentId(), seq));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every item of the agent queued before this call is committed; throws if one of its writes failed since the last report. */
    void flush(String agentId) {
        lock.lock();
        try {
            Long target = lastByAgent.get(agentId);
            while (target != null && doneSeq < target) {
                changed.awaitUninterruptibly();
            }
            RuntimeException failure = failures.remove(agentId);
            if (failure != null) {
                throw failed(agentId, failure);
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
                throw failed(first.getKey(), first.getValue());
            }
        } finally {
            lock.unlock();
        }
    }

    private static MemoryStoreException failed(String agentId, RuntimeException cause) {
        return new MemoryStoreException("memories of agent " + agentId + " could not be stored: " + cause.getMessage(), cause);
    }

    private void loop() {
        while (true) {
            List<Op> batch = next();
            if (batch == null) {
                return;
            }
            List<Op> written = write(batch);
            List<MemoryItem> stored = new ArrayList<>();
            written.forEach(o -> stored.addAll(o.items()));
            if (!stored.isEmpty()) {
                // before the flush waiters wake: what it starts (reflection) is then already seen by them
                afterWrite.accept(stored);
            }
            lock.lock();
            try {
                doneSeq = batch.getLast().seq();
                queuedItems -= batch.stream().mapToInt(o -> o.items().size()).sum();
                lastByAgent.values().removeIf(seq -> seq <= doneSeq);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            written.forEach(o -> {
                if (o.done() != null) {
                    o.done().complete(null);
                }
            });
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

    /**
     * Writes a batch in one go; if that fails, operation by operation, so a failure stays with its
     * own agent (whose later journal writes in the batch then fail too). Returns the operations written.
     */
    private List<Op> write(List<Op> batch) {
        List<Op> ready = new ArrayList<>();
        for (Op op : batch) {
            RuntimeException earlier = op.journal() == null ? null : takeFailure(op.agentId());
            if (earlier != null) {
                op.done().completeExceptionally(failed(op.agentId(), earlier));
            } else {
                ready.add(op);
            }
        }
        List<MemoryItem> items = new ArrayList<>();
        List<Db.Work<?>> journal = new ArrayList<>();
        ready.forEach(o -> {
            items.addAll(o.items());
            journal.addAll(o.journalWrites());
        });
        try {
            sink.store(items, journal);
            return ready;
        } catch (RuntimeException e) {
            if (ready.size() == 1) {
                failed(ready.get(0), e);
                return List.of();
            }
        }
        List<Op> written = new ArrayList<>();
        Set<String> failedAgents = new HashSet<>();
        for (Op op : ready) {
            if (op.journal() != null && failedAgents.contains(op.agentId())) {
                op.done().completeExceptionally(new MemoryStoreException("memories of agent " + op.agentId() + " could not be stored"));
                continue;
            }
            try {
                sink.store(op.items(), op.journalWrites());
                written.add(op);
            } catch (RuntimeException e) {
                failed(op, e);
                failedAgents.add(op.agentId());
                op.items().forEach(i -> failedAgents.add(i.agentId()));
            }
        }
        return written;
    }

    private RuntimeException takeFailure(String agentId) {
        lock.lock();
        try {
            return failures.remove(agentId);
        } finally {
            lock.unlock();
        }
    }

    /** A journal write fails its caller; failed memories are reported to their agents' next flush. */
    private void failed(Op op, RuntimeException e) {
        if (op.done() != null) {
            op.done().completeExceptionally(e);
            return;
        }
        Set<String> agents = new HashSet<>();
        op.items().forEach(i -> agents.add(i.agentId()));
        LOG.warn("Storing {} memories of agent(s) {} failed: {}", op.items().size(), agents, e.toString());
        lock.lock();
        try {
            agents.forEach(a -> failures.putIfAbsent(a, e));
        } finally {
            lock.unlock();
        }
    }

    /** Writes everything queued, then stops the thread; further writes fail. */
    @Override
    public void close() {
        Workers.stop(lock, changed, () -> closed = true, thread);
    }
}
