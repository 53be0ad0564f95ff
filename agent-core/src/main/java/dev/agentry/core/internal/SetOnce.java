package dev.agentry.core.internal;

import java.util.HashSet;
import java.util.Set;

/** Enforces the builder rule: each setting of a builder may be set once. Not thread-safe, like the builders. */
public final class SetOnce {
    private final String builder;
    private final Set<String> set = new HashSet<>();

    /**
     * Tracks one builder's settings.
     *
     * @param builder the builder's name for messages, such as {@code "AgentRuntimeBuilder"}
     */
    public SetOnce(String builder) {
        this.builder = builder;
    }

    /**
     * Records that a setting is being set.
     *
     * @param setting the setting's name
     * @throws IllegalStateException if it was set before
     */
    public void mark(String setting) {
        if (!set.add(setting)) {
            throw new IllegalStateException(builder + ": " + setting + " was already set; each setting may be set once");
        }
    }
}
