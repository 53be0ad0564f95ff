package dev.agentry.tools.social;

import java.util.Objects;

/**
 * The outcome of a successful {@link Feed#publish(Draft)}.
 *
 * @param feed the feed's name
 * @param id the new post's id, or an empty string when the provider refused it as a duplicate of
 *     a post already made (then {@code alreadyPosted} is {@code true})
 * @param alreadyPosted {@code true} when the provider said identical content was already posted
 *     (X's "duplicate content" refusal): treated as success, never retried
 */
public record PostResult(String feed, String id, boolean alreadyPosted) {

    /** Checks arguments. */
    public PostResult {
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(id, "id");
    }
}
