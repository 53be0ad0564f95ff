package dev.agentry.console;

import dev.agentry.console.internal.ApprovalCodec;
import dev.agentry.core.Approval;
import dev.agentry.core.ApprovalQueue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ApprovalQueue} in a database table ({@code agentry_approvals}), so pending approvals
 * survive a restart: a SQLite file ({@link #sqlite(Path)}) or any JDBC database whose driver is on
 * the class path ({@link #open(String)}). State changes are a compare-and-set in one
 * {@code UPDATE ... WHERE status = ?}, so two processes sharing the table cannot both claim a
 * call. Every write is committed (and with SQLite synced to disk) before the method returns.
 *
 * <pre>{@code
 * JdbcApprovalQueue approvals = JdbcApprovalQueue.sqlite(Path.of("data/approvals.db"));
 * AgentRuntime runtime = AgentRuntime.builder().approvalQueue(approvals, Duration.ofHours(1)).build();
 * }</pre>
 *
 * <p>Thread-safe (one connection, used under a lock). Close it after the runtime.
 */
public final class JdbcApprovalQueue implements ApprovalQueue, AutoCloseable {
    private static final String COLUMNS = "body";

    private final Connection connection;

    private JdbcApprovalQueue(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (and creates if needed) the queue in a SQLite file.
     *
     * @param file the database file; its folder must exist
     * @return the queue
     * @throws ConsoleException if the file cannot be opened
     */
    public static JdbcApprovalQueue sqlite(Path file) {
        return open("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * Opens (and creates if needed) the queue in a JDBC database.
     *
     * @param jdbcUrl the database's URL, credentials included if it needs them
     * @return the queue
     * @throws ConsoleException if the database cannot be reached or the table created
     */
    public static JdbcApprovalQueue open(String jdbcUrl) {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try (Statement s = c.createStatement()) {
                if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA synchronous = FULL");
                    s.execute("PRAGMA busy_timeout = 5000");
                }
                s.execute("CREATE TABLE IF NOT EXISTS agentry_approvals(id VARCHAR(64) PRIMARY KEY, call_key VARCHAR(200) NOT NULL UNIQUE, "
                        + "agent_id VARCHAR(200) NOT NULL, status VARCHAR(16) NOT NULL, requested_at BIGINT NOT NULL, body TEXT NOT NULL)");
            }
            return new JdbcApprovalQueue(c);
        } catch (SQLException e) {
            throw new ConsoleException("cannot open the approval queue at " + jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***")
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Approval offer(Approval approval) {
        Optional<Approval> existing = findByKey(approval.callKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO agentry_approvals(id, call_key, agent_id, status, requested_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, approval.id());
            p.setString(2, approval.callKey());
            p.setString(3, approval.agentId());
            p.setString(4, approval.status().name());
            p.setLong(5, approval.requestedAt().toEpochMilli());
            p.setString(6, ApprovalCodec.encode(approval));
            p.executeUpdate();
            return approval;
        } catch (SQLException e) {
            return findByKey(approval.callKey()).orElseThrow(() -> failed("storing approval " + approval.id(), e));
        }
    }

    @Override
    public synchronized Optional<Approval> find(String id) {
        return one("SELECT " + COLUMNS + " FROM agentry_approvals WHERE id = ?", id);
    }

    @Override
    public synchronized Optional<Approval> findByKey(String callKey) {
        return one("SELECT " + COLUMNS + " FROM agentry_approvals WHERE call_key = ?", callKey);
    }

    @Override
    public synchronized List<Approval> list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM agentry_approvals ORDER BY requested_at DESC, id LIMIT ?")) {
            p.setInt(1, limit);
            return all(p);
        } catch (SQLException e) {
            throw failed("listing approvals", e);
        }
    }

    @Override
    public synchronized List<Approval> withStatus(Approval.Status status) {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM agentry_approvals WHERE status = ? ORDER BY requested_at, id")) {
            p.setString(1, status.name());
            return all(p);
        } catch (SQLException e) {
            throw failed("listing " + status + " approvals", e);
        }
    }

    @Override
    public synchronized boolean replace(Approval.Status expected, Approval updated) {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE agentry_approvals SET status = ?, body = ? WHERE id = ? AND status = ? AND call_key = ?")) {
            p.setString(1, updated.status().name());
            p.setString(2, ApprovalCodec.encode(updated));
            p.setString(3, updated.id());
            p.setString(4, expected.name());
            p.setString(5, updated.callKey());
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("updating approval " + updated.id(), e);
        }
    }

    /** Closes the connection. */
    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failed("closing the approval queue", e);
        }
    }

    private Optional<Approval> one(String sql, String value) {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setString(1, value);
            return all(p).stream().findFirst();
        } catch (SQLException e) {
            throw failed("reading an approval", e);
        }
    }

    private static List<Approval> all(PreparedStatement p) throws SQLException {
        List<Approval> found = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                found.add(ApprovalCodec.decode(rs.getString(1)));
            }
        }
        return found;
    }

    private static ConsoleException failed(String what, SQLException e) {
        return new ConsoleException(what + " failed: " + e.getMessage(), e);
    }
}
