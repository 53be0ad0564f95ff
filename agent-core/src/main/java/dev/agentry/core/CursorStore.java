package dev.agentry.core;

import java.util.Optional;

/**
 * Durable positions of feed readers (the last mention id read, an update offset). A feed moves
 * its cursor only after the events it read are safely accepted by the runtime, so a restart
 * neither skips nor repeats one. Implementations must be thread-safe.
 */
public interface CursorStore {

    /**
     * Returns a cursor.
     *
     * @param key the feed's key, such as {@code "x:mentions:agent-1"}
     * @return the cursor, or empty before the first write
     */
    Optional<String> get(String key);

    /**
     * Durably stores a cursor.
     *
     * @param key the feed's key
     * @param cursor the new position
     */
    void put(String key, String cursor);

    /**
     * Returns a store that keeps cursors in memory only.
     *
     * @return a new in-memory store
     */
    static CursorStore inMemory() {
        var map = new java.util.concurrent.ConcurrentHashMap<String, String>();
        return new CursorStore() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(map.get(key));
            }

            @Override
            public void put(String key, String cursor) {
                map.put(key, cursor);
            }
        };
    }
}
