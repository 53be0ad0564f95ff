package dev.agentry.memory.internal;

import dev.agentry.memory.MemoryStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JDBC connection guarded by a lock. Every public store operation runs inside
 * {@link #run}/{@link #tx}, so the connection is never used by two threads at once; with
 * auto-commit on, a statement is committed (and, for SQLite with {@code synchronous=FULL},
 * fsynced) when it returns.
 */
public final class Db implements AutoCloseable {
    /** Work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs. */
        T run(Connection c) throws SQLException;
    }

    private final Connection connection;
    private final Dialect dialect;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();

    /** Wraps an open connection; {@code description} names the database in errors (never credentials). */
    public Db(Connection connection, Dialect dialect, String description) {
        this.connection = connection;
        this.dialect = dialect;
        this.description = description;
    }

    /** The dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** What the database is, for error messages. */
    public String description() {
        return description;
    }

    /** Runs an action while holding the connection lock (reentrant). */
    public <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs work with auto-commit on. */
    public <T> T run(String what, Work<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new MemoryStoreException(what + " failed on " + description + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs work in one transaction; it is committed (durable) when this returns. */
    public <T> T tx(String what, Work<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MemoryStoreException(what + " failed on " + description + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Creates or upgrades the schema to the dialect's latest version. */
    public void migrate() {
        tx("schema migration", c -> {
            try (Statement s = c.createStatement()) {
                if (dialect == Dialect.POSTGRES) {
                    // several nodes may start at once: serialise their migrations
                    s.execute("SELECT pg_advisory_xact_lock(7253491)");
                }
                s.execute("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
                int current = 0;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    if (rs.next()) {
                        current = rs.getInt(1);
                    }
                }
                if (current > dialect.latestVersion()) {
                    throw new SQLException("schema version " + current + " is newer than this library supports ("
                            + dialect.latestVersion() + "); upgrade agent-memory");
                }
                for (int v = current + 1; v <= dialect.latestVersion(); v++) {
                    for (String sql : dialect.migrations().get(v - 1)) {
                        s.execute(sql);
                    }
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version(version, applied_at) VALUES (?, ?)")) {
                        p.setInt(1, v);
                        p.setLong(2, Times.toNanos(Instant.now()));
                        p.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /** Reads a store_meta value. */
    public Optional<String> meta(String key) {
        return run("reading store metadata " + key, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM store_meta WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Writes a store_meta value. */
    public static void putMeta(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO store_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new MemoryStoreException("closing " + description + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
