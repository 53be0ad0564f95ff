package dev.agentry.tools.social;

import dev.agentry.core.Event;
import java.util.List;
import java.util.Optional;

/**
 * One social feed account the agent acts through: X, Farcaster (Neynar), Telegram, Discord or the
 * local feed. A feed identifies its own account, reads new mentions and replies since a cursor, posts,
 * replies, looks posts up and reports its text limit.
 *
 * <p>Feeds hold no position themselves: {@link FeedPoller} keeps the cursor in a durable
 * {@link dev.agentry.core.CursorStore} and moves it only after the events are in the agent's
 * inbox. Implementations are thread-safe. Calls block (they may wait for a rate limit to reset, up
 * to the feed's configured maximum) and throw {@link FeedException} on failure,
 * {@link FeedAuthException} when the credentials are refused. Quotas are kept per endpoint: a used-up
 * posting quota does not hold up reading, nor the other way round.
 */
public interface Feed extends AutoCloseable {

    /**
     * Returns the feed's name, also the {@link Event#source()} of its events and the prefix of
     * their ids ({@code "x"}, {@code "telegram"}, {@code "farcaster"}, {@code "discord"}, {@code "local"}).
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
     * @return the result; {@link PostResult#alreadyPosted()} with the earlier post's id when that
     *     post already exists
     * @throws FeedException if the text is too long ({@link FeedException.Reason#INVALID_REQUEST}, nothing
     *     sent), the provider refuses, or it refuses duplicate content with no earlier post to point
     *     to ({@link FeedException.Reason#DUPLICATE})
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

    /**
     * Checks, before the agent starts, that the feed can work as configured: its credentials are
     * accepted and allow what the agent will do. The default asks for {@link #self()}; feeds add
     * what they know (an X app-only token can read but never post; Telegram's privacy mode; a
     * webhook that blocks polling). Never throws for a feed failure: failures are findings.
     *
     * @return the findings
     */
    default FeedCheck check() {
        try {
            FeedAccount me = self();
            return new FeedCheck(name(), List.of(new FeedCheck.Finding(FeedCheck.Level.OK, name() + ": signed in as " + me.handle())));
        } catch (FeedException e) {
            return new FeedCheck(name(), List.of(new FeedCheck.Finding(FeedCheck.Level.FAIL, e.getMessage())));
        }
    }

    /** Releases the feed's resources. The default does nothing. */
    @Override
    default void close() {}
}
