package dev.agentry.tools.social;

import java.util.List;
import java.util.Objects;

/**
 * A post and the other posts of its conversation that the feed could find.
 *
 * @param post the post looked up
 * @param thread other posts of the same conversation, oldest first (may be empty)
 */
public record FeedThread(FeedPost post, List<FeedPost> thread) {

    /** Checks arguments and copies the thread. */
    public FeedThread {
        Objects.requireNonNull(post, "post");
        thread = List.copyOf(thread);
    }
}
