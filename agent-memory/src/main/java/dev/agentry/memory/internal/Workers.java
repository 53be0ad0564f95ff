package dev.agentry.memory.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Stopping the store's worker threads (memory writer, embedder): mark closed under their lock, wake them, wait for them to drain. */
final class Workers {
    private Workers() {}

    /** Runs {@code markClosed} under the lock, wakes the waiters of {@code changed}, then waits for the thread to end. */
    static void stop(ReentrantLock lock, Condition changed, Runnable markClosed, Thread thread) {
        lock.lock();
        try {
            markClosed.run();
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
