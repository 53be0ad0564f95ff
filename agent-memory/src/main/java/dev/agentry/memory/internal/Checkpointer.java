package dev.agentry.memory.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file from a connection and a thread of its
 * own, twice a second ({@code PRAGMA wal_checkpoint(PASSIVE)}), instead of in the committing thread
 * every 1,000 pages: a commit never waits for a checkpoint. Durability does not change: each commit
 * is still fsynced in the log ({@code synchronous=FULL}), and the checkpoint fsyncs the database file.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final long PERIOD_NANOS = 500_000_000L;

    private final Connection connection;
    private final Thread thread;
    private volatile boolean closed;

    Checkpointer(String url) throws SQLException {
        this.connection = DriverManager.getConnection(url);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        this.thread = Thread.ofPlatform().daemon().name("agentry-checkpoint").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            LockSupport.parkNanos(PERIOD_NANOS);
            checkpoint("PASSIVE");
        }
    }

    private synchronized void checkpoint(String mode) {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(" + mode + ")");
        } catch (SQLException e) {
            LOG.warn("SQLite checkpoint failed (retried in 0.5 s): {}", e.getMessage());
        }
    }

    /** Stops the thread after a last checkpoint, and closes the connection. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("PASSIVE");
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the SQLite checkpoint connection failed: {}", e.getMessage());
        }
    }
}
