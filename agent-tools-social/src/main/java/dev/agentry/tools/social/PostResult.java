package dev.agentry.tools.social;

/**
 * The outcome of a successful {@link Feed#publish(Draft)}.
 *
 * @param feed the feed's name
 * @param id the id of the post on the feed: the new post's, or the earlier identical post's when
 *     {@code alreadyPosted}; never blank (a refusal without a post to point to is a
 *     {@link FeedException.Reason#DUPLICATE} failure instead)
 * @param alreadyPosted {@code true} when the post already existed: the same idempotency key was
 *     published before (local feed), or the provider refused duplicate content and the earlier
 *     identical post was found (X); treated as success, never retried
 */
public record PostResult(String feed, String id, boolean alreadyPosted) {

    /** Checks arguments. */
    public PostResult {
        if (feed == null || feed.isBlank()) {
            throw new IllegalArgumentException("PostResult.feed must not be blank, was: " + feed);
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("PostResult.id must not be blank: a post without an id was not posted");
        }
    }
}
