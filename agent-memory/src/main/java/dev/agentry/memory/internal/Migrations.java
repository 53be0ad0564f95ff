package dev.agentry.memory.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/** The versioned schema: creates it, or upgrades it to the dialect's latest version, in one transaction. */
final class Migrations {
    private Migrations() {}

    /**
     * Applies the migrations the database has not seen; fails when it was written by a newer
     * library. On PostgreSQL, nodes starting together take turns (an advisory lock).
     */
    static void apply(Db db) {
        Dialect dialect = db.dialect();
        db.tx("schema migration", c -> {
            try (Statement s = c.createStatement()) {
                if (dialect == Dialect.POSTGRES) {
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
                    Db.update(c, "INSERT INTO schema_version(version, applied_at) VALUES (?, ?)", v, Times.toNanos(Instant.now()));
                }
            }
            return null;
        });
    }
}
