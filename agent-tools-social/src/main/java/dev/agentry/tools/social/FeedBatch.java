package dev.agentry.tools.social;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Feed#read(Optional)} returned: new posts, oldest first, each with the cursor to
 * store once it has been delivered, and the cursor to store once all of them have been delivered.
 *
 * <p>The end cursor may be further than the last item's cursor: items that were skipped (malformed,
 * not addressed to the agent, the agent's own posts) still move it.
 *
 * @param items the new posts, oldest first
 * @param endCursor the position after everything read, empty when nothing new was seen
 */
public record FeedBatch(List<Item> items, Optional<String> endCursor) {

    /**
     * One new post and the cursor that marks it as processed.
     *
     * @param post the post
     * @param cursor the position to store after the post is delivered
     */
    public record Item(FeedPost post, String cursor) {
        /** Checks arguments. */
        public Item {
            Objects.requireNonNull(post, "post");
            if (cursor == null || cursor.isBlank()) {
                throw new IllegalArgumentException("FeedBatch.Item.cursor must not be blank");
            }
        }
    }

    /** Checks arguments and copies the items. */
    public FeedBatch {
        items = List.copyOf(items);
        Objects.requireNonNull(endCursor, "endCursor");
    }

    /**
     * Returns an empty batch that leaves the cursor where it is.
     *
     * @return the empty batch
     */
    public static FeedBatch empty() {
        return new FeedBatch(List.of(), Optional.empty());
    }
}
