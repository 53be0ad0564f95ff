package dev.agentry.core;

/**
 * How far the author of an {@link Event} is trusted. Everything read from a public feed is
 * {@link #UNTRUSTED} unless the operator configured the author's account as owner or trusted.
 */
public enum Trust {
    /** The operator of the agent. */
    OWNER,
    /** An author the operator vouches for. */
    TRUSTED,
    /** Anyone else: public feeds, unknown senders. */
    UNTRUSTED;

    /**
     * Returns whether this level is at least as trusted as {@code other}.
     *
     * @param other the level to compare with
     * @return {@code true} when this level is {@code other} or more trusted
     */
    public boolean atLeast(Trust other) {
        return ordinal() <= other.ordinal();
    }
}
