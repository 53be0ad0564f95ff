package dev.agentry.tools.social;

import java.util.Objects;

/**
 * An account on a feed: the agent's own account, or the author of a post.
 *
 * @param id the platform's stable id (X user id, Telegram user id, Farcaster fid, local handle)
 * @param handle the display handle without {@code @} (may equal the id when the platform has none)
 */
public record FeedAccount(String id, String handle) {

    /** Checks arguments. */
    public FeedAccount {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("FeedAccount.id must not be blank, was: " + id);
        }
        Objects.requireNonNull(handle, "handle");
        if (handle.isBlank()) {
            handle = id;
        }
    }
}
