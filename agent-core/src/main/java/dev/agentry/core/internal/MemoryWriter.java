package dev.agentry.core.internal;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the memories of finished turns behind the turns: a turn queues its conversation messages
 * and goes on, and one writer thread per runtime hands everything queued so far to
 * {@link Memory#rememberAll} in order, one call per run of items for the same memory (so a store
 * can embed and commit them as one batch). Reads that must see those writes wait for them through
 * {@link #readingAfterWrites(Memory)}. A full queue ({@value #CAPACITY} writes) makes the next turn
 * wait for room instead of growing without bound. A failed write is logged with the agent and the
 * number of items and dropped: the turn that made it has already replied and been journalled.
 * Thread-safe.
 */
public final class MemoryWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryWriter.class);
    private static final int CAPACITY = 4_096;
    private static final int MAX_BATCH = 256;

    private record Write(Memory memory, List<MemoryItem> items) {}

    private final boolean direct;
    private final BlockingQueue<Write> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private long queued;
    private long written;
    private volatile boolean closed;
    private Thread thread;

    private MemoryWriter(boolean direct) {
        this.direct = direct;
    }

    /**
     * A writer with its own thread, started on the first write.
     *
     * @return the writer
     */
    public static MemoryWriter behind() {
        return new MemoryWriter(false);
    }

    /**
     * A writer that writes on the caller's thread before returning (for single-stage tests).
     *
     * @return the writer
     */
    public static MemoryWriter direct() {
        return new MemoryWriter(true);
    }

    /**
     * Queues items to remember, in order.
     *
     * @param memory where they go
     * @param items the items
     */
    public void write(Memory memory, List<MemoryItem> items) {
        if (items.isEmpty()) {
            return;
        }
        if (direct || closed) {
            memory.rememberAll(items);
            return;
        }
        lock.lock();
        try {
            queued++;
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("agentry-memory-writer").start(this::run);
            }
        } finally {
            lock.unlock();
        }
        try {
            queue.put(new Write(memory, List.copyOf(items)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            memory.rememberAll(items);
            done(1);
        }
    }

    /** Waits until every write queued before this call is in its memory (or failed). */
    public void awaitWritten() {
        lock.lock();
        try {
            long target = queued;
            while (written < target) {
                if (!progressed.await(1, TimeUnit.SECONDS) && thread != null && !thread.isAlive()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Whether nothing is queued or being written. */
    public boolean idle() {
        lock.lock();
        try {
            return written >= queued;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A view of a memory whose reads first wait for the writes queued before them, so whoever
     * reads after a turn finished sees its conversation.
     *
     * @param memory the memory
     * @return the view
     */
    public Memory readingAfterWrites(Memory memory) {
        return direct ? memory : new WrittenMemory(memory, this);
    }

    /** Writes what is queued, then stops the thread; later writes happen on the caller's thread. */
    @Override
    public void close() {
        awaitWritten();
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            int i = 0;
            while (i < batch.size()) {
                Memory memory = batch.get(i).memory();
                List<MemoryItem> items = new ArrayList<>();
                int j = i;
                while (j < batch.size() && batch.get(j).memory() == memory) {
                    items.addAll(batch.get(j++).items());
                }
                store(memory, items);
                done(j - i);
                i = j;
            }
            batch.clear();
        }
    }

    private static void store(Memory memory, List<MemoryItem> items) {
        try {
            memory.rememberAll(items);
        } catch (RuntimeException e) {
            log.warn("memory write of {} items for agent {} failed and was dropped: {}", items.size(), items.get(0).agentId(), e.toString());
        }
    }

    private void done(int writes) {
        lock.lock();
        try {
            written += writes;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
