package dev.agentry.cluster.internal;

import dev.agentry.cluster.ClusterException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How many agent-to-agent messages each conversation has had, across the cluster, in the shared
 * PostgreSQL database (table {@code agentry_agent_messages}, one row per message id, so a message
 * sent again after a crash is not counted twice). Thread-safe: one connection, used by one platform
 * thread of its own, since the callers are virtual threads that the runtime may interrupt, and an
 * interrupted virtual thread in socket I/O closes the socket.
 */
public final class ConversationBudget implements AutoCloseable {
    private final Connection connection;
    private final String where;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("agentry-budget-io").unstarted(r));

    /** Connects and creates the table if needed. */
    public ConversationBudget(String jdbcUrl, String user, String password) {
        this.where = jdbcUrl.split("\\?")[0];
        try {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            this.connection = DriverManager.getConnection(jdbcUrl, p);
            try (var s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_lock(7253492)");
                s.execute("CREATE TABLE IF NOT EXISTS agentry_agent_messages(message_id TEXT PRIMARY KEY, conversation TEXT NOT NULL,"
                        + " sender TEXT NOT NULL, receiver TEXT NOT NULL, sent_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                s.execute("CREATE INDEX IF NOT EXISTS agentry_agent_messages_conv ON agentry_agent_messages(conversation)");
                s.execute("SELECT pg_advisory_unlock(7253492)");
            }
        } catch (SQLException e) {
            throw new ClusterException("cannot prepare the conversation budget table in " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Counts a message against its conversation's budget, unless it was counted before.
     *
     * @return {@code true} if the message fits (or was counted already); {@code false} if the
     *     conversation has used up {@code budget} messages (nothing is counted then)
     */
    public boolean admit(String messageId, String conversation, String sender, String receiver, int budget) {
        try {
            return CompletableFuture.supplyAsync(() -> admitNow(messageId, conversation, sender, receiver, budget), io).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ClusterException cluster ? cluster : new ClusterException(e.getCause().toString(), e.getCause());
        }
    }

    private boolean admitNow(String messageId, String conversation, String sender, String receiver, int budget) {
        try {
            connection.setAutoCommit(false);
            try {
                boolean admitted = admit(messageId, conversation, sender, receiver, budget, connection);
                connection.commit();
                return admitted;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new ClusterException("counting message " + messageId + " of conversation " + conversation + " failed on " + where + ": "
                    + e.getMessage(), e);
        }
    }

    private static boolean admit(String messageId, String conversation, String sender, String receiver, int budget, Connection c)
            throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, conversation);
            lock.execute();
        }
        try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM agentry_agent_messages WHERE message_id = ?")) {
            known.setString(1, messageId);
            try (ResultSet rs = known.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM agentry_agent_messages WHERE conversation = ?")) {
            count.setString(1, conversation);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= budget) {
                    return false;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO agentry_agent_messages(message_id, conversation, sender, receiver) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, messageId);
            insert.setString(2, conversation);
            insert.setString(3, sender);
            insert.setString(4, receiver);
            insert.executeUpdate();
        }
        return true;
    }

    @Override
    public void close() {
        io.shutdown();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new ClusterException("closing the conversation budget connection to " + where + " failed: " + e.getMessage(), e);
        }
    }
}
