package dev.agentry.tools.social.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The builders' set-once rule: each setting may be given once; a second call fails naming the
 * builder and the setting. Not thread-safe (builders are not).
 */
public final class Once {
    private final String builder;
    private final Set<String> given = new HashSet<>();

    /**
     * Creates the record of one builder's settings.
     *
     * @param builder the builder's name for messages, such as {@code "XFeed.Builder"}
     */
    public Once(String builder) {
        this.builder = builder;
    }

    /**
     * Records that a setting is being given.
     *
     * @param setting the setting's name, such as {@code "baseUrl"}
     * @throws IllegalStateException if it was given before
     */
    public void mark(String setting) {
        if (!given.add(setting)) {
            throw new IllegalStateException(builder + "." + setting + " is already set; each setting may be given once");
        }
    }

    /**
     * Returns whether a setting was given.
     *
     * @param setting the setting's name
     * @return {@code true} once {@link #mark} was called for it
     */
    public boolean has(String setting) {
        return given.contains(setting);
    }
}
