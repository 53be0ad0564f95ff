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

/**
 * The asynchronous, ordered, bounded writer of memories. {@link #enqueue} returns once the items
 * are queued; one thread takes what is queued (up to 512 items at a time) and the {@link Sink}
 * stores them in one group transaction, in the order they were queued. Texts whose vectors are not
 * known yet may be stored without them ({@link Sink#store} returns those rows): a second thread
 * embeds them in one batch and stores their vectors ({@link Sink#fill}), so a slow embedding model
 * never holds up a journal write queued behind the memories. While more than the capacity waits,
 * {@link #enqueue} blocks (back-pressure).
 *
 * <p>A journal write that must follow an agent's memories (completing an event) goes through the
 * same queue ({@link #write}): it is committed in the same transaction as the memories queued
 * before it, or after them, and fails if one of them failed, so an event is never completed before
 * the memories its turn stored are durable (their texts; a vector missing after a crash is filled
 * at the next open). {@link #flush} waits until an agent's queued items are committed with their
 * vectors and reports a memory write that failed since its last report; the store calls it before
 * every read of the agent's memories, so a conversation sees (and recalls) its own last message.
 * Thread-safe.
 */
final class MemoryWriter implements AutoCloseable {
    private static final int BATCH_ITEMS = 512;
    /** How long memories nobody waits for may wait for the journal write that usually follows them (one commit instead of two). */
    private static final long LINGER_NANOS = 2_000_000;

    /** Stores memories and runs journal writes after them, in one transaction; fills in the vectors it left out. */
    interface Sink {
        /** Stores the items, then runs the journal writes, committed together; returns the rows stored without their vectors. */
        List<VectorBackend.Row> store(List<MemoryItem> items, List<Db.Work<?>> journal);

        /** Embeds rows stored without vectors and stores their vectors, or throws. */
        void fill(List<VectorBackend.Row> rows);
    }

    /** A batch written by the first thread, for the second: the rows to embed, the items stored, and the batch's last sequence number. */
    private record Filling(long seq, List<VectorBackend.Row> rows, List<MemoryItem> stored, int queued) {}

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
    private final ArrayDeque<Filling> fillings = new ArrayDeque<>();
    private final Map<String, Long> lastByAgent = new HashMap<>();
    private final WriteFailures failures = new WriteFailures();
    /** Rows to embed again, by the sequence number of the (empty) operation that carries them through the queue. */
    private final Map<Long, List<VectorBackend.Row>> pendingRefill = new HashMap<>();
    private final Thread thread;
    private final Thread filler;
    private int queuedItems;
    private long lastSeq;
    private long doneSeq;
    private boolean closed;
    private boolean writerDone;
    /** Callers of {@link #flush} and {@link #flushAll} waiting now: what they wait for is written at once. */
    private int flushing;

    /**
     * A writer that hands batches to {@code sink} and then the stored items to {@code afterWrite}
     * (which must not block), on its own thread; at most about {@code capacity} items wait.
     */
    MemoryWriter(Sink sink, Consumer<List<MemoryItem>> afterWrite, int capacity) {
        this.sink = sink;
        this.afterWrite = afterWrite;
        this.capacity = capacity;
        this.thread = Thread.ofPlatform().daemon().name("agentry-memory-writer").start(this::loop);
        this.filler = Thread.ofPlatform().daemon().name("agentry-memory-vectors").start(this::fillLoop);
    }

    /** Queues items to be written in order; blocks while the queue is full. */
    void enqueue(List<MemoryItem> items) {
        List<MemoryItem> copy = List.copyOf(items);
        add(copy.get(0).agentId(), copy, null, null);
    }

    /** Queues stored rows that have no vectors yet (found at open, after a crash) to be embedded; reads of their agents wait for them. */
    void refill(List<VectorBackend.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            long seq = ++lastSeq;
            rows.forEach(r -> lastByAgent.put(r.item().agentId(), seq));
            queue.add(new Op(seq, rows.get(0).item().agentId(), List.of(), null, null));
            pendingRefill.put(seq, List.copyOf(rows));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
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
            awaitDone(target == null ? 0 : target);
            failures.throwIfAny(agentId);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every item queued before this call is committed; throws the first write failure not reported yet. */
    void flushAll() {
        lock.lock();
        try {
            awaitDone(lastSeq);
            failures.throwFirstAndClear();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (holding the lock) until everything up to {@code target} is done; the writer stops lingering meanwhile. */
    private void awaitDone(long target) {
        if (doneSeq >= target) {
            return;
        }
        flushing++;
        changed.signalAll();
        try {
            while (doneSeq < target) {
                changed.awaitUninterruptibly();
            }
        } finally {
            flushing--;
        }
    }

    private void loop() {
        while (true) {
            List<Op> batch = next();
            if (batch == null) {
                break;
            }
            List<VectorBackend.Row> unfilled = new ArrayList<>();
            List<Op> written = write(batch, unfilled);
            List<MemoryItem> stored = new ArrayList<>();
            written.forEach(o -> stored.addAll(o.items()));
            lock.lock();
            try {
                batch.forEach(o -> {
                    List<VectorBackend.Row> refill = pendingRefill.remove(o.seq());
                    if (refill != null) {
                        unfilled.addAll(refill);
                    }
                });
                fillings.add(new Filling(batch.getLast().seq(), unfilled, stored, batch.stream().mapToInt(o -> o.items().size()).sum()));
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
        lock.lock();
        try {
            writerDone = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The second thread: embeds what the first stored without vectors, then marks the batch done for {@link #flush}. */
    private void fillLoop() {
        while (true) {
            Filling f = nextFilling();
            if (f == null) {
                return;
            }
            if (!f.rows().isEmpty()) {
                try {
                    sink.fill(f.rows());
                } catch (RuntimeException e) {
                    Set<String> agents = new HashSet<>();
                    f.rows().forEach(r -> agents.add(r.item().agentId()));
                    failures.record(agents, "Embedding " + f.rows().size() + " stored memories (embedded again at the next open)", e);
                }
            }
            if (!f.stored().isEmpty()) {
                // before the flush waiters wake: what it starts (reflection) is then already seen by them
                afterWrite.accept(f.stored());
            }
            lock.lock();
            try {
                doneSeq = f.seq();
                queuedItems -= f.queued();
                lastByAgent.values().removeIf(seq -> seq <= doneSeq);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private Filling nextFilling() {
        lock.lock();
        try {
            while (fillings.isEmpty()) {
                if (writerDone) {
                    return null;
                }
                changed.awaitUninterruptibly();
            }
            return fillings.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets queued memories that nobody waits for wait up to {@link #LINGER_NANOS} for the journal
     * write that usually follows them (a turn remembers its messages, then completes its event), so
     * both go in one commit. Called with the lock held and the queue not empty.
     */
    private void linger() {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (!closed && flushing == 0 && queuedItems < BATCH_ITEMS && queue.stream().allMatch(o -> o.journal() == null && !o.items().isEmpty())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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
            linger();
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
    private List<Op> write(List<Op> batch, List<VectorBackend.Row> unfilled) {
        List<Op> ready = new ArrayList<>();
        for (Op op : batch) {
            RuntimeException earlier = op.journal() == null ? null : failures.take(op.agentId());
            if (earlier != null) {
                op.done().completeExceptionally(WriteFailures.failed(op.agentId(), earlier));
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
            unfilled.addAll(sink.store(items, journal));
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
                unfilled.addAll(sink.store(op.items(), op.journalWrites()));
                written.add(op);
            } catch (RuntimeException e) {
                failed(op, e);
                failedAgents.add(op.agentId());
                op.items().forEach(i -> failedAgents.add(i.agentId()));
            }
        }
        return written;
    }

    /** A journal write fails its caller; failed memories are reported to their agents' next flush. */
    private void failed(Op op, RuntimeException e) {
        if (op.done() != null) {
            op.done().completeExceptionally(e);
            return;
        }
        Set<String> agents = new HashSet<>();
        op.items().forEach(i -> agents.add(i.agentId()));
        failures.record(agents, "Storing " + op.items().size() + " memories", e);
    }

    /** Writes everything queued (with its vectors), then stops both threads; further writes fail. */
    @Override
    public void close() {
        Workers.stop(lock, changed, () -> closed = true, thread);
        try {
            filler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
