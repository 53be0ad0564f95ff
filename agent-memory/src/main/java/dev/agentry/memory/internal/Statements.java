package dev.agentry.memory.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept per connection and reused (SQLite parses a statement at each prepare,
 * which costs about as much as running a small one). A connection's statements are only used by
 * the thread holding that connection's lock, one at a time: a cached statement's result set must be
 * read and closed before the same SQL runs again on that connection.
 */
final class Statements {
    private static final int PER_CONNECTION = 128;
    private static final Map<Connection, Map<String, PreparedStatement>> CACHES = new ConcurrentHashMap<>();

    private Statements() {}

    /** The connection's statement for {@code sql}, prepared once; do not close it. */
    static PreparedStatement prepared(Connection c, String sql) throws SQLException {
        Map<String, PreparedStatement> cache = CACHES.computeIfAbsent(c, x -> new LinkedHashMap<>(64, 0.75f, true));
        PreparedStatement p = cache.get(sql);
        if (p == null) {
            p = c.prepareStatement(sql);
            cache.put(sql, p);
            if (cache.size() > PER_CONNECTION) {
                var eldest = cache.entrySet().iterator().next();
                cache.remove(eldest.getKey());
                eldest.getValue().close();
            }
        } else {
            p.clearParameters();
        }
        return p;
    }

    /** Closes and forgets a connection's statements (before the connection closes). */
    static void forget(Connection c) {
        Map<String, PreparedStatement> cache = CACHES.remove(c);
        if (cache != null) {
            for (PreparedStatement p : cache.values()) {
                try {
                    p.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }
    }
}
