package dev.agentry.mcp.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key, created on demand and dropped when nobody holds or waits for it. Used so that
 * a client's retry of a call that is still running waits for it and then replays its journalled
 * result, instead of racing it into a second execution. Thread-safe.
 */
public final class KeyedLocks {
    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** Runs an action holding the key's lock. */
    public <T> T withLock(String key, Supplier<T> action) {
        Entry entry = locks.compute(key, (k, e) -> {
            Entry held = e == null ? new Entry() : e;
            held.users++;
            return held;
        });
        entry.lock.lock();
        try {
            return action.get();
        } finally {
            entry.lock.unlock();
            locks.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
        }
    }

    /** How many keys have holders or waiters (for tests). */
    public int size() {
        return locks.size();
    }
}
