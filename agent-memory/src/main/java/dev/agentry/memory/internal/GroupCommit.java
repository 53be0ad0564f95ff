package dev.agentry.memory.internal;

import dev.agentry.memory.MemoryStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Group commit: writes from many threads (agents) that arrive together share one transaction, so
 * one fsync (SQLite {@code synchronous=FULL}) makes all of them durable. A caller blocks until the
 * transaction holding its write committed, exactly as with a commit of its own: durability is
 * unchanged, only the number of fsyncs drops. If a write fails, the transaction is rolled back and
 * the batch runs again with each write under a savepoint, so the failing one is rolled back alone
 * and fails only its caller. One committer thread; thread-safe. A caller must not hold the store
 * lock (the committer needs it).
 */
final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 1024;

    private record Pending(String what, Db.Work<Object> work, Consumer<Object> afterCommit, CompletableFuture<Object> done) {}

    private static final Pending STOP = new Pending("stop", c -> null, r -> {}, new CompletableFuture<>());

    private final Db db;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean closed;

    GroupCommit(Db db) {
        this.db = db;
        this.thread = Thread.ofPlatform().daemon().name("agentry-group-commit").start(this::loop);
    }

    /** Runs a write in the next group transaction and returns its result once that committed. */
    <T> T run(String what, Db.Work<T> work) {
        return run(what, work, r -> {});
    }

    /**
     * Runs a write in the next group transaction; {@code afterCommit} then runs on the committer
     * thread under the store lock (to update in-process state), before this returns the result.
     */
    @SuppressWarnings("unchecked")
    <T> T run(String what, Db.Work<T> work, Consumer<? super T> afterCommit) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                throw new MemoryStoreException(what + " failed on " + db.description() + ": the store is closed");
            }
            queue.add(new Pending(what, (Db.Work<Object>) work, (Consumer<Object>) afterCommit, done));
        }
        try {
            return (T) done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the loop, once everything queued before it is committed
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
    }

    /** Commits a batch in one transaction; if a write fails, the batch is rolled back and its writes run again, each under a savepoint. */
    private void commit(List<Pending> batch) {
        Object[] results = new Object[batch.size()];
        RuntimeException[] failures = new RuntimeException[batch.size()];
        try {
            boolean done = transaction(batch, results, failures, false);
            if (!done) {
                Arrays.fill(failures, null);
                transaction(batch, results, failures, true);
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().completeExceptionally(failures[i] != null ? failures[i] : e);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failures[i] != null) {
                batch.get(i).done().completeExceptionally(failures[i]);
            } else {
                batch.get(i).done().complete(results[i]);
            }
        }
    }

    /**
     * Runs the batch in one transaction and commits it, then runs the after-commit actions under the
     * lock. Without {@code isolated}, the first failing write rolls everything back and this returns
     * false; with it, each write runs under a savepoint and only its own changes roll back.
     */
    private boolean transaction(List<Pending> batch, Object[] results, RuntimeException[] failures, boolean isolated) {
        class Failed extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        try {
            db.locked(() -> {
                db.tx("a group commit of " + batch.size() + " writes", c -> {
                    for (int i = 0; i < batch.size(); i++) {
                        results[i] = isolated ? runIsolated(c, batch.get(i), i, failures) : runDirect(c, batch.get(i), i, failures);
                        if (failures[i] != null && !isolated) {
                            throw new Failed();
                        }
                    }
                    return null;
                });
                for (int i = 0; i < batch.size(); i++) {
                    if (failures[i] == null) {
                        batch.get(i).afterCommit().accept(results[i]);
                    }
                }
            });
            return true;
        } catch (Failed f) {
            return false;
        }
    }

    private Object runDirect(Connection c, Pending p, int i, RuntimeException[] failures) throws SQLException {
        try {
            return p.work().run(c);
        } catch (SQLException | RuntimeException e) {
            failures[i] = failure(p, e);
            return null;
        }
    }

    private Object runIsolated(Connection c, Pending p, int i, RuntimeException[] failures) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            Object r = p.work().run(c);
            c.releaseSavepoint(sp);
            return r;
        } catch (SQLException | RuntimeException e) {
            c.rollback(sp);
            failures[i] = failure(p, e);
            return null;
        }
    }

    private RuntimeException failure(Pending p, Exception e) {
        return e instanceof MemoryStoreException m ? m
                : new MemoryStoreException(p.what() + " failed on " + db.description() + ": " + e.getMessage(), e);
    }

    /** Commits what is queued, then stops the committer thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
