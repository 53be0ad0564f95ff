package dev.agentry.tools.social;

import dev.agentry.core.Channel;
import dev.agentry.core.Event;
import dev.agentry.tools.social.internal.SocialAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Channel} that sends an agent's replies back to the feed its events came from, as
 * replies to the post of the event ({@code social.post_id}).
 *
 * <p>A reply longer than the feed's limit is shortened to fit (the model cannot correct a final
 * answer). When the provider refuses duplicate content, the earlier identical post counts as the
 * reply (its real id is returned); when there is none, the refusal fails the reply
 * ({@link FeedException.Reason#DUPLICATE}): nothing was posted. Autonomous-post events
 * ({@code agentry.autonomous_post}) get no reply: their post is made with {@code social_post}.
 * Thread-safe.
 */
public final class FeedChannel implements Channel {
    private static final Logger log = LoggerFactory.getLogger(FeedChannel.class);

    private final Feed feed;

    private FeedChannel(Feed feed) {
        this.feed = feed;
    }

    /**
     * Creates the channel of a feed.
     *
     * @param feed the feed
     * @return the channel, whose {@link #source()} is the feed's name
     */
    public static FeedChannel of(Feed feed) {
        return new FeedChannel(Objects.requireNonNull(feed, "feed"));
    }

    @Override
    public String source() {
        return feed.name();
    }

    /**
     * Replies to the event's post.
     *
     * @param event an event read from this feed
     * @param text the reply
     * @param idempotencyKey passed to the feed where the provider supports one
     * @return the reply's post id (the earlier identical post's when the provider refused a duplicate),
     *     or an empty string when the event asks for no reply
     * @throws FeedException if the provider refuses
     * @throws IllegalArgumentException if the event did not come from this feed
     */
    @Override
    public String reply(Event event, String text, String idempotencyKey) {
        if ("true".equals(event.attributes().get(SocialAttributes.AUTONOMOUS_POST))) {
            log.debug("{}: no reply to autonomous-post event {}", feed.name(), event.id());
            return "";
        }
        if (!event.source().equals(feed.name())) {
            throw new IllegalArgumentException("event " + event.id() + " is from " + event.source() + ", not " + feed.name());
        }
        if (text.isBlank()) {
            return "";
        }
        String postId = event.attributes().getOrDefault(SocialAttributes.POST_ID,
                event.id().startsWith(feed.name() + ":") ? event.id().substring(feed.name().length() + 1) : event.id());
        String fitted = feed.textLimit().truncate(text);
        if (!fitted.equals(text)) {
            log.warn("{}: reply to {} shortened: {}", feed.name(), event.id(), feed.textLimit().describeExcess(text));
        }
        return feed.publish(Draft.reply(postId, fitted).withIdempotencyKey(idempotencyKey)).id();
    }

    @Override
    public String toString() {
        return "FeedChannel[" + feed.name() + "]";
    }
}
