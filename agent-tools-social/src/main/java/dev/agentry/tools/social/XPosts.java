package dev.agentry.tools.social;

import dev.agentry.tools.social.internal.JsonSupport;
import dev.agentry.tools.social.internal.Url;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Reading X API v2 tweet objects: posts, authors' usernames, snowflake ids, and own posts that match a draft. */
final class XPosts {
    private static final Logger log = LoggerFactory.getLogger(XPosts.class);
    /** The fields every tweet request asks for. */
    static final String TWEET_FIELDS = "author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets";

    private XPosts() {}

    /** Keeps a mention unless it is malformed or the agent's own post. */
    static void keep(BigInteger id, Optional<FeedPost> post, FeedAccount me, Map<BigInteger, FeedPost> into) {
        if (post.isEmpty()) {
            log.warn("x: skipping malformed mention {} (missing text or author_id)", id);
        } else if (post.get().author().id().equals(me.id())) {
            log.debug("x: skipping own post {}", id);
        } else {
            into.put(id, post.get());
        }
    }

    /** Adds the tweet fields and the author expansion to a request URL. */
    static Url withTweetFields(Url url) {
        return url.query("tweet.fields", TWEET_FIELDS).query("expansions", "author_id").query("user.fields", "username");
    }

    /** A tweet as a post, or empty when it lacks its id, text or author. */
    static Optional<FeedPost> toPost(JsonNode tweet, Map<String, String> usernames, Instant readAt) {
        Optional<String> id = JsonSupport.text(tweet, "id");
        Optional<String> text = tweet != null && tweet.path("text").isString() ? Optional.of(tweet.path("text").asString()) : Optional.empty();
        Optional<String> author = JsonSupport.text(tweet, "author_id");
        if (id.isEmpty() || text.isEmpty() || author.isEmpty()) {
            return Optional.empty();
        }
        String conversation = JsonSupport.text(tweet, "conversation_id").orElse(id.get());
        Optional<String> replyTo = repliedTo(tweet);
        var attributes = new HashMap<String, String>();
        attributes.put("x.tweet_id", id.get());
        attributes.put("x.author_id", author.get());
        attributes.put("x.conversation_id", conversation);
        replyTo.ifPresent(r -> attributes.put("x.in_reply_to_tweet_id", r));
        JsonSupport.text(tweet, "in_reply_to_user_id").ifPresent(u -> attributes.put("x.in_reply_to_user_id", u));
        return Optional.of(new FeedPost("x", id.get(), new FeedAccount(author.get(), usernames.getOrDefault(author.get(), author.get())),
                conversation, text.get(), replyTo, JsonSupport.instant(JsonSupport.text(tweet, "created_at")).orElse(readAt), attributes));
    }

    /** The id of the tweet a tweet replies to. */
    static Optional<String> repliedTo(JsonNode tweet) {
        Optional<String> replyTo = Optional.empty();
        for (JsonNode ref : tweet.path("referenced_tweets")) {
            if ("replied_to".equals(JsonSupport.text(ref, "type").orElse(""))) {
                replyTo = JsonSupport.text(ref, "id");
            }
        }
        return replyTo;
    }

    /** The usernames of the {@code includes.users} expansion, by user id. */
    static Map<String, String> usernames(JsonNode json) {
        var users = new HashMap<String, String>();
        for (JsonNode user : json.path("includes").path("users")) {
            JsonSupport.text(user, "id").ifPresent(uid -> JsonSupport.text(user, "username").ifPresent(u -> users.put(uid, u)));
        }
        return users;
    }

    /** Whether a 403 body is X's refusal of duplicate content. */
    static boolean isDuplicate(String body) {
        return body.toLowerCase(Locale.ROOT).contains("duplicate content");
    }

    /**
     * Finds, among the account's recent tweets, the one a refused draft duplicates: the same text
     * (X's leading reply mentions and HTML escapes aside) and, for a reply, the same parent.
     */
    static Optional<String> findDuplicate(JsonNode timeline, Draft draft) {
        String wanted = normalise(draft.text());
        for (JsonNode tweet : timeline.path("data")) {
            Optional<String> id = JsonSupport.text(tweet, "id");
            boolean sameText = tweet.path("text").isString() && normalise(tweet.path("text").asString()).equals(wanted);
            boolean sameParent = draft.inReplyTo().isEmpty() || draft.inReplyTo().equals(repliedTo(tweet));
            if (id.isPresent() && sameText && sameParent) {
                return id;
            }
        }
        return Optional.empty();
    }

    private static String normalise(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replaceFirst("^(@\\w+\\s+)+", "").replaceAll("\\s+", " ").strip();
    }

    /** A numeric tweet id, or empty when the text is not one. */
    static Optional<BigInteger> snowflake(String id) {
        if (id == null || id.isEmpty() || id.length() > 30 || !id.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(id));
    }

    /** The larger of two ids, either of which may be null. */
    static BigInteger max(BigInteger a, BigInteger b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.max(b);
    }
}
