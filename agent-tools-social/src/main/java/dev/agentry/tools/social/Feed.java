package dev.agentry.tools.social;

import dev.agentry.core.Event;
import java.util.Optional;

/**
 * One social feed account the agent acts through: X, Farcaster (Neynar), Telegram or the local
 * feed. A feed identifies its own account, reads new mentions and replies since a cursor, posts,
 * replies, looks posts up and reports its text limit.
 *
 * <p>Feeds hold no position themselves: {@link FeedPoller} keeps the cursor in a durable
 * {@link dev.agentry.core.CursorStore} and moves it only after the events are in the agent's
 * inbox. Implementations are thread-safe. Calls block (they may wait for a rate limit to reset, up
 * to the feed's configured maximum) and throw {@link FeedException} on failure,
 * {@link FeedAuthException} when the credentials are refused.
 */
public interface Feed extends AutoCloseable {

    /**
     * Returns the feed's name, also the {@link Event#source()} of its events and the prefix of
     * their ids ({@code "x"}, {@code "telegram"}, {@code "farcaster"}, {@code "local"}).
     *
     * @return the name
     */
    String name();

    /**
     * Returns the account the feed acts as, asking the provider on first use and caching it.
     *
     * @return the own account
     * @throws FeedException if the provider cannot be reached or refuses
     */
    FeedAccount self();

    /**
     * Returns how long a post may be on this feed.
     *
     * @return the text limit
     */
    TextLimit textLimit();

    /**
     * Reads the mentions and replies that arrived after a cursor, following the provider's
     * pagination, and returns them oldest first. Malformed items are skipped (logged with their
     * id) without failing the read; the agent's own posts are left out.
     *
     * @param cursor the position stored after the last delivered item, empty on the first read
     * @return the new posts and cursors
     * @throws FeedException if the provider fails after retries
     * @throws FeedAuthException if the credentials are refused
     */
    FeedBatch read(Optional<String> cursor);

    /**
     * Publishes a post or a reply after checking it against {@link #textLimit()}.
     *
     * @param draft the post
     * @return the result; {@link PostResult#alreadyPosted()} when the provider reported identical
     *     content as already posted
     * @throws FeedException if the text is too long ({@link FeedException.Reason#INVALID_REQUEST}, nothing
     *     sent) or the provider refuses
     */
    PostResult publish(Draft draft);

    /**
     * Looks up a post and the rest of its conversation.
     *
     * @param postId the post's id, as in {@link FeedPost#id()}
     * @return the post and its thread
     * @throws FeedException if the post does not exist or the feed cannot look posts up
     */
    FeedThread lookup(String postId);

    /**
     * Turns a post read from this feed into an event: id {@code name() + ":" + post id}, trust
     * {@code OWNER}/{@code TRUSTED} for configured account ids and {@code UNTRUSTED} otherwise,
     * attributes {@code social.post_id}, {@code social.author_id} and the platform's own.
     *
     * @param post the post
     * @return the event
     */
    Event toEvent(FeedPost post);

    /** Releases the feed's resources. The default does nothing. */
    @Override
    default void close() {}
}
