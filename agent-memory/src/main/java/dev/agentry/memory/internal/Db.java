package dev.agentry.memory.internal;

import dev.agentry.memory.MemoryStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The database handle the stores share: one JDBC connection for writes guarded by a lock, and, on
 * SQLite, a few read-only connections for reads (one per core, at most 4), which WAL mode lets run
 * while a write commits (PostgreSQL uses the one connection for both: PGlite serves one
 * connection), and a {@link Checkpointer}. Every store operation runs inside {@link #run}/{@link #tx} (writes) or
 * {@link #read} (reads), so a connection is never used by two threads at once; statements are
 * prepared once per connection ({@link Statements}). With auto-commit on, a statement is committed
 * (and, for SQLite with {@code synchronous=FULL}, fsynced) when it returns. A read started after a
 * write returned sees it.
 *
 * <p>PostgreSQL work asked for by a virtual thread runs on one platform thread of this handle:
 * interrupting a virtual thread blocked in socket I/O closes the socket (JDK 21+), and a turn the
 * runtime abandons is interrupted wherever it is, which would close the connection every store
 * shares. An interrupted caller still waits for its statement, then keeps its interrupt flag.
 */
public final class Db implements AutoCloseable {
    /** Work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs. */
        T run(Connection c) throws SQLException;
    }

    /** Reads one row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        /** Maps the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    private static final int READERS = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
    private final Connection connection;
    private final List<Connection> readers;
    private final ArrayBlockingQueue<Connection> idleReaders;
    private final Checkpointer checkpointer;
    private final Dialect dialect;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    private final ExecutorService io;
    private volatile Thread ioThread;

    /** A handle; with no {@code readers}, reads use the write connection under its lock. */
    private Db(Connection connection, List<Connection> readers, Checkpointer checkpointer, Dialect dialect, String description) {
        this.connection = connection;
        this.readers = readers;
        this.idleReaders = readers.isEmpty() ? null : new ArrayBlockingQueue<>(readers.size(), false, readers);
        this.checkpointer = checkpointer;
        this.dialect = dialect;
        this.description = description;
        this.io = dialect == Dialect.POSTGRES ? Executors.newSingleThreadExecutor(r -> {
            Thread t = Thread.ofPlatform().daemon().name("agentry-db-io").unstarted(r);
            ioThread = t;
            return t;
        }) : null;
    }

    /** Runs work on the connection: on the I/O thread for a virtual caller on PostgreSQL, else here. */
    private <T> T onConnection(Work<T> work) throws SQLException {
        if (io == null || !Thread.currentThread().isVirtual()) {
            return work.run(connection);
        }
        Future<T> done = io.submit(() -> work.run(connection));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case SQLException sql -> throw sql;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new SQLException(e.getCause());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Work asked for by work already on the I/O thread: its caller holds the lock (and the transaction, if any). */
    private <T> T nested(String what, Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new MemoryStoreException(what + " failed on " + description + ": " + e.getMessage(), e);
        }
    }

    /** Connects to the configured SQLite file (WAL, fsync at every commit) or PostgreSQL database. */
    static Db open(StoreConfig config) {
        String where = config.sqliteFile != null ? "SQLite store " + config.sqliteFile : "PostgreSQL store " + config.jdbcUrl.split("\\?")[0];
        try {
            if (config.sqliteFile != null) {
                Path file = config.sqliteFile;
                if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                    throw new MemoryStoreException("cannot open " + where + ": folder " + file.getParent() + " does not exist");
                }
                return sqlite("jdbc:sqlite:" + file, where);
            }
            Properties p = new Properties();
            p.setProperty("user", config.user);
            p.setProperty("password", config.password);
            p.setProperty("prepareThreshold", "0");
            Connection c = DriverManager.getConnection(config.jdbcUrl, p);
            return new Db(c, List.of(), null, Dialect.POSTGRES, where);
        } catch (SQLException e) {
            throw new MemoryStoreException("cannot open " + where + ": " + e.getMessage(), e);
        }
    }

    private static Db sqlite(String url, String where) throws SQLException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Connection c = DriverManager.getConnection(url);
            opened.add(c);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // FULL: the WAL is fsynced at every commit, so an acknowledged write survives kill -9 and power loss
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA wal_autocheckpoint=0"); // the Checkpointer's thread does it
                s.execute("PRAGMA cache_size=-16384");
            }
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection r = DriverManager.getConnection(url);
                opened.add(r);
                readers.add(r);
                try (Statement s = r.createStatement()) {
                    s.execute("PRAGMA busy_timeout=10000");
                    s.execute("PRAGMA query_only=ON");
                    s.execute("PRAGMA cache_size=-8192");
                }
            }
            return new Db(c, readers, new Checkpointer(url), Dialect.SQLITE, where);
        } catch (SQLException | RuntimeException e) {
            for (AutoCloseable o : opened) {
                try {
                    o.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
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
    public <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs an action while holding the connection lock (reentrant). */
    public void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    /** Runs work with auto-commit on. */
    public <T> T run(String what, Work<T> work) {
        if (Thread.currentThread() == ioThread) {
            return nested(what, work);
        }
        lock.lock();
        try {
            return onConnection(work);
        } catch (SQLException e) {
            throw new MemoryStoreException(what + " failed on " + description + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs reading work on an idle read connection (auto-commit on); on PostgreSQL on the one connection. */
    public <T> T read(String what, Work<T> work) {
        if (idleReaders == null) {
            return run(what, work);
        }
        Connection r = takeReader();
        try {
            return work.run(r);
        } catch (SQLException e) {
            throw new MemoryStoreException(what + " failed on " + description + ": " + e.getMessage(), e);
        } finally {
            idleReaders.add(r);
        }
    }

    private Connection takeReader() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return idleReaders.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs work in one transaction; it is committed (durable) when this returns. */
    public <T> T tx(String what, Work<T> work) {
        if (Thread.currentThread() == ioThread) {
            return nested(what, work);
        }
        lock.lock();
        try {
            return onConnection(c -> {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new MemoryStoreException(what + " failed on " + description + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The rows a query returns (on the read connection), mapped, in order. */
    public <T> List<T> list(String what, String sql, Row<T> row, Object... params) {
        return read(what, c -> list(c, sql, row, params));
    }

    /** The first row a query returns (on the read connection), mapped. */
    public <T> Optional<T> first(String what, String sql, Row<T> row, Object... params) {
        return list(what, sql, row, params).stream().findFirst();
    }

    /** Runs one statement with auto-commit on; returns the rows changed. */
    public int update(String what, String sql, Object... params) {
        return run(what, c -> update(c, sql, params));
    }

    /** The rows a query returns on a connection already held, mapped, in order. */
    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        List<T> out = new ArrayList<>();
        PreparedStatement p = Statements.prepared(c, sql);
        p.setFetchSize(256);
        bind(p, params);
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(row.map(rs));
            }
        }
        return out;
    }

    /** Runs one statement on a connection already held (inside a transaction); returns the rows changed. */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement p = Statements.prepared(c, sql);
        bind(p, params);
        return p.executeUpdate();
    }

    /** Binds parameters by their type: String, Long, Integer, Double, byte[], null (a NULL text) or a {@link TypedNull}. */
    static void bind(PreparedStatement p, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            switch (params[i]) {
                case null -> p.setNull(i + 1, Types.VARCHAR);
                case TypedNull n -> p.setNull(i + 1, Types.VARBINARY);
                case Long l -> p.setLong(i + 1, l);
                case Integer n -> p.setInt(i + 1, n);
                case Double d -> p.setDouble(i + 1, d);
                case byte[] b -> p.setBytes(i + 1, b);
                case String s -> p.setString(i + 1, s);
                default -> throw new IllegalArgumentException("cannot bind a " + params[i].getClass().getName());
            }
        }
    }

    /** Reads a store_meta value. */
    public Optional<String> meta(String key) {
        return first("reading store metadata " + key, "SELECT value FROM store_meta WHERE key = ?", rs -> rs.getString(1), key);
    }

    /** Writes a store_meta value. */
    public static void putMeta(Connection c, String key, String value) throws SQLException {
        update(c, "INSERT INTO store_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (io != null) {
                io.shutdown();
            }
            if (checkpointer != null) {
                checkpointer.close();
            }
            for (int i = 0; i < readers.size(); i++) {
                Connection r = takeReader();
                Statements.forget(r);
                r.close();
            }
            Statements.forget(connection);
            connection.close();
        } catch (SQLException e) {
            throw new MemoryStoreException("closing " + description + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
