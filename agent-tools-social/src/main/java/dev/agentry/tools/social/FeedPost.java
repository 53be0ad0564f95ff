package dev.agentry.tools.social;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One post read from a feed: a tweet, a cast, a Telegram message or a local post.
 *
 * @param feed the feed's name ({@code "x"}, {@code "telegram"}, {@code "farcaster"}, {@code "local"})
 * @param id the post's id on the feed; what {@link Draft#reply(String, String)} takes
 * @param author the author
 * @param conversation the thread or chat the post belongs to
 * @param text the post's text
 * @param inReplyTo the id of the post it answers, if any
 * @param createdAt when it was posted (the read time when the feed does not say)
 * @param attributes platform-specific details, such as {@code "x.tweet_id"} or
 *     {@code "telegram.chat_id"}; never secrets
 */
public record FeedPost(
        String feed,
        String id,
        FeedAccount author,
        String conversation,
        String text,
        Optional<String> inReplyTo,
        Instant createdAt,
        Map<String, String> attributes) {

    /** Checks arguments and copies the attributes. */
    public FeedPost {
        requireText(feed, "feed");
        requireText(id, "id");
        Objects.requireNonNull(author, "author");
        requireText(conversation, "conversation");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        Objects.requireNonNull(createdAt, "createdAt");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("FeedPost." + name + " must not be blank, was: " + value);
        }
    }
}
