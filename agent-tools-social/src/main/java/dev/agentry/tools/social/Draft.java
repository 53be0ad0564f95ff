package dev.agentry.tools.social;

import java.util.Objects;
import java.util.Optional;

/**
 * A post to publish: its text, the post it answers (for a reply) and an idempotency key that
 * feeds supporting one pass to the provider (Neynar's {@code idem}).
 *
 * @param text the text
 * @param inReplyTo the id of the post answered, empty for a new post
 * @param idempotencyKey a stable key of this publication, if the caller has one
 */
public record Draft(String text, Optional<String> inReplyTo, Optional<String> idempotencyKey) {

    /** Checks arguments. */
    public Draft {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("Draft.text must not be blank");
        }
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /**
     * A new top-level post.
     *
     * @param text the text
     * @return the draft
     */
    public static Draft post(String text) {
        return new Draft(text, Optional.empty(), Optional.empty());
    }

    /**
     * A reply to a post.
     *
     * @param postId the id of the post answered, as in {@link FeedPost#id()}
     * @param text the text
     * @return the draft
     */
    public static Draft reply(String postId, String text) {
        if (postId == null || postId.isBlank()) {
            throw new IllegalArgumentException("Draft.reply postId must not be blank, was: " + postId);
        }
        return new Draft(text, Optional.of(postId), Optional.empty());
    }

    /**
     * Returns a copy with an idempotency key.
     *
     * @param key the key
     * @return the new draft
     */
    public Draft withIdempotencyKey(String key) {
        Objects.requireNonNull(key, "key");
        return new Draft(text, inReplyTo, Optional.of(key));
    }
}
