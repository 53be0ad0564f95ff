package dev.agentry.memory.internal;

import dev.agentry.core.CursorStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The cursor store: feed positions in the shared database, committed when {@link #put} returns. Thread-safe. */
public final class JdbcCursors implements CursorStore {
    private final Db db;

    /** A cursor store over a migrated database. */
    public JdbcCursors(Db db) {
        this.db = db;
    }

    @Override
    public Optional<String> get(String key) {
        return db.first("reading cursor " + key, "SELECT value FROM cursors WHERE key = ?", rs -> rs.getString(1), key);
    }

    @Override
    public void put(String key, String cursor) {
        Objects.requireNonNull(cursor, "cursor");
        db.update("writing cursor " + key, "INSERT INTO cursors(key, value, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at", key, cursor, Times.toNanos(Instant.now()));
    }
}
