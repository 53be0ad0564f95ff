package dev.agentry.console.internal;

import dev.agentry.console.ConsoleException;
import dev.agentry.core.DeadLetter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What operators did with dead letters (retried or discarded, by whom, when), so a handled dead
 * letter leaves the list. A dead letter is keyed by agent, event and the time it was written: an
 * event that fails again after a retry is a new dead letter and shows again. Kept in a table of
 * the console's SQLite file when it has one, else in memory. Thread-safe.
 */
public final class Resolutions implements AutoCloseable {
    private final Optional<Connection> db;
    private final Set<String> memory = ConcurrentHashMap.newKeySet();

    /** What was done. */
    public enum Action {
        /** Queued again. */
        RETRIED,
        /** Dropped on purpose. */
        DISCARDED
    }

    private Resolutions(Optional<Connection> db) {
        this.db = db;
    }

    /** Keeps resolutions in memory. */
    public static Resolutions inMemory() {
        return new Resolutions(Optional.empty());
    }

    /**
     * Keeps resolutions in a SQLite file (created if missing).
     *
     * @throws ConsoleException if the file cannot be opened
     */
    public static Resolutions sqlite(java.nio.file.Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("CREATE TABLE IF NOT EXISTS console_dead_letter_actions(letter TEXT PRIMARY KEY, agent_id TEXT NOT NULL, "
                        + "event_id TEXT NOT NULL, action TEXT NOT NULL, by_operator TEXT NOT NULL, at TEXT NOT NULL)");
            }
            return new Resolutions(Optional.of(c));
        } catch (SQLException e) {
            throw new ConsoleException("cannot open the console's data file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether an operator handled this dead letter. */
    public boolean resolved(DeadLetter letter) {
        String key = key(letter);
        if (db.isEmpty()) {
            return memory.contains(key);
        }
        synchronized (this) {
            try (PreparedStatement p = db.get().prepareStatement("SELECT 1 FROM console_dead_letter_actions WHERE letter = ?")) {
                p.setString(1, key);
                return p.executeQuery().next();
            } catch (SQLException e) {
                throw new ConsoleException("reading dead-letter actions failed: " + e.getMessage(), e);
            }
        }
    }

    /** Records what an operator did; false if the dead letter was handled before. */
    public boolean resolve(DeadLetter letter, Action action, String operator, Instant at) {
        String key = key(letter);
        if (db.isEmpty()) {
            return memory.add(key);
        }
        synchronized (this) {
            try (PreparedStatement p = db.get().prepareStatement("INSERT OR IGNORE INTO console_dead_letter_actions VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, key);
                p.setString(2, letter.agentId());
                p.setString(3, letter.event().id());
                p.setString(4, action.name());
                p.setString(5, operator);
                p.setString(6, at.toString());
                return p.executeUpdate() == 1;
            } catch (SQLException e) {
                throw new ConsoleException("recording a dead-letter action failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (db.isPresent()) {
            try {
                db.get().close();
            } catch (SQLException e) {
                // closing: nothing left to lose
            }
        }
    }

    private static String key(DeadLetter letter) {
        return letter.agentId() + "\u0000" + letter.event().id() + "\u0000" + letter.at();
    }
}
