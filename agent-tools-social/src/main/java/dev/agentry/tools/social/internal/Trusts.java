package dev.agentry.tools.social.internal;

import dev.agentry.core.Event;
import dev.agentry.core.Trust;
import dev.agentry.tools.social.FeedPost;
import java.util.HashMap;
import java.util.Set;

/**
 * The configured owner and trusted account ids of one feed, and the post-to-event mapping.
 *
 * @param owners owner account ids
 * @param trusted trusted account ids
 */
public record Trusts(Set<String> owners, Set<String> trusted) {

    /** Copies the sets. */
    public Trusts {
        owners = Set.copyOf(owners);
        trusted = Set.copyOf(trusted);
    }

    /**
     * Returns the trust of an account id.
     *
     * @param accountId the id
     * @return OWNER, TRUSTED or UNTRUSTED
     */
    public Trust of(String accountId) {
        if (owners.contains(accountId)) {
            return Trust.OWNER;
        }
        return trusted.contains(accountId) ? Trust.TRUSTED : Trust.UNTRUSTED;
    }

    /**
     * Builds the event of a post: id {@code feed:postId}, or {@code feed:postId#revision} for a
     * revised post (attribute {@link SocialAttributes#REVISION}).
     *
     * @param post the post
     * @return the event
     */
    public Event toEvent(FeedPost post) {
        var attributes = new HashMap<>(post.attributes());
        attributes.put(SocialAttributes.POST_ID, post.id());
        attributes.put(SocialAttributes.AUTHOR_ID, post.author().id());
        attributes.put(SocialAttributes.AUTHOR_HANDLE, post.author().handle());
        post.inReplyTo().ifPresent(id -> attributes.put(SocialAttributes.IN_REPLY_TO, id));
        String revision = post.attributes().get(SocialAttributes.REVISION);
        return new Event(post.feed() + ":" + post.id() + (revision == null ? "" : "#" + revision), post.feed(), post.author().handle(), post.conversation(),
                post.text(), of(post.author().id()), post.createdAt(), attributes);
    }
}
