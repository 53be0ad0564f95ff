package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.HttpCaller;
import dev.agentry.tools.social.internal.HttpCaller.HttpResult;
import dev.agentry.tools.social.internal.JsonSupport;
import dev.agentry.tools.social.internal.OAuth1Signer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import dev.agentry.tools.social.internal.Url;
import java.net.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The X (Twitter) API v2 feed: mentions of the agent's account ({@code GET /2/users/{id}/mentions}
 * with {@code since_id} and {@code pagination_token}), posts and replies ({@code POST /2/tweets}),
 * lookups ({@code GET /2/tweets/{id}} and a recent search of the conversation).
 *
 * <p>Authenticates with an OAuth 2.0 user-context bearer token or with OAuth 1.0a user keys (each
 * request signed with HMAC-SHA1). Waits when {@code x-rate-limit-remaining} reaches 0 until
 * {@code x-rate-limit-reset}, and on 429. X's refusal of duplicate content (403) is reported as
 * {@link PostResult#alreadyPosted()}, never retried. Cursor: the id of the newest mention
 * delivered; the first read without a cursor reads only the newest page. Thread-safe.
 */
public final class XFeed extends HttpFeed {
    private static final Logger log = LoggerFactory.getLogger(XFeed.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TWEET_FIELDS = "author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets";

    private final Secret bearer;
    private final OAuth1Signer signer;
    private final int maxPages;
    private final int pageSize;

    private XFeed(Builder b) {
        super("x", TextLimit.x(), b.settings);
        this.bearer = b.bearer;
        this.signer = b.oauthKeys == null ? null
                : new OAuth1Signer(b.oauthKeys[0], b.oauthKeys[1], b.oauthKeys[2], b.oauthKeys[3], b.settings.clock());
        this.maxPages = b.maxPages;
        this.pageSize = b.pageSize;
    }

    /**
     * Starts a builder. Exactly one of {@link Builder#bearerToken} and {@link Builder#oauth1} must
     * be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    FeedAccount fetchSelf() {
        Url url = url("2/users/me");
        String op = "GET /2/users/me";
        HttpResult result = http.requireOk(op, http.call(op, () -> get(url)));
        JsonNode data = result.json().path("data");
        String id = JsonSupport.text(data, "id").orElseThrow(() -> malformed(result.status(), op + " returned no user id"));
        return new FeedAccount(id, JsonSupport.text(data, "username").orElse(id));
    }

    @Override
    public FeedBatch read(Optional<String> cursor) {
        Objects.requireNonNull(cursor, "cursor");
        FeedAccount me = self();
        BigInteger since = cursor.flatMap(XFeed::snowflake).orElse(null);
        if (cursor.isPresent() && since == null) {
            log.warn("x: ignoring unreadable cursor '{}'", cursor.get());
        }
        Mentions mentions = readMentions(me, since);
        BigInteger newest = since;
        var byId = new TreeMap<BigInteger, FeedPost>();
        int index = 0;
        for (JsonNode tweet : mentions.tweets()) {
            index++;
            Optional<BigInteger> id = JsonSupport.text(tweet, "id").flatMap(XFeed::snowflake);
            if (id.isEmpty()) {
                log.warn("x: skipping mention #{} without a valid id", index);
                continue;
            }
            newest = max(newest, id.get());
            if (since == null || id.get().compareTo(since) > 0) {
                keep(id.get(), toPost(tweet, mentions.usernames()), me, byId);
            }
        }
        newest = max(newest, mentions.newest());
        var items = new ArrayList<FeedBatch.Item>();
        byId.forEach((id, post) -> items.add(new FeedBatch.Item(post, id.toString())));
        Optional<String> end = newest == null || newest.equals(since) ? Optional.empty() : Optional.of(newest.toString());
        return new FeedBatch(items, end);
    }

    /** The tweets of the mention pages since a cursor, the authors' usernames and the newest id X reported. */
    private record Mentions(List<JsonNode> tweets, Map<String, String> usernames, BigInteger newest) {}

    private Mentions readMentions(FeedAccount me, BigInteger since) {
        List<JsonNode> tweets = new ArrayList<>();
        Map<String, String> usernames = new HashMap<>();
        BigInteger newest = null;
        String token = null;
        int pages = 0;
        String op = "GET /2/users/{id}/mentions";
        do {
            Url url = url("2/users/" + me.id() + "/mentions").query("max_results", Integer.toString(pageSize));
            withTweetFields(url);
            if (since != null) {
                url.query("since_id", since.toString());
            }
            if (token != null) {
                url.query("pagination_token", token);
            }
            HttpResult result = http.requireOk(op, http.call(op, () -> get(url)));
            JsonNode page = result.json();
            if (page.isMissingNode()) {
                throw malformed(result.status(), op + " returned a body that is not JSON");
            }
            usernames.putAll(usernames(page));
            page.path("data").forEach(tweets::add);
            newest = max(newest, JsonSupport.text(page.path("meta"), "newest_id").flatMap(XFeed::snowflake).orElse(null));
            token = JsonSupport.text(page.path("meta"), "next_token").orElse(null);
            pages++;
        } while (token != null && since != null && pages < maxPages);
        if (token != null && since != null) {
            log.warn("x: more than {} pages of new mentions; older ones beyond that are not read", maxPages);
        }
        return new Mentions(tweets, usernames, newest);
    }

    private static void keep(BigInteger id, Optional<FeedPost> post, FeedAccount me, Map<BigInteger, FeedPost> into) {
        if (post.isEmpty()) {
            log.warn("x: skipping malformed mention {} (missing text or author_id)", id);
        } else if (post.get().author().id().equals(me.id())) {
            log.debug("x: skipping own post {}", id);
        } else {
            into.put(id, post.get());
        }
    }

    @Override
    public PostResult publish(Draft draft) {
        Objects.requireNonNull(draft, "draft");
        requireFits(draft);
        ObjectNode body = JsonSupport.MAPPER.createObjectNode();
        body.put("text", draft.text());
        draft.inReplyTo().ifPresent(id -> body.putObject("reply").put("in_reply_to_tweet_id", id));
        String json = JsonSupport.MAPPER.writeValueAsString(body);
        Url url = url("2/tweets");
        String op = "POST /2/tweets";
        HttpResult result = http.call(op, () -> authorize(HttpRequest.newBuilder(url.uri())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), "POST", url));
        if (result.status() == 403 && isDuplicate(result.body())) {
            log.info("x: duplicate content refused by X; treating as already posted");
            return new PostResult("x", "", true);
        }
        JsonNode data = http.requireOk(op, result).json().path("data");
        String id = JsonSupport.text(data, "id").orElseThrow(() -> malformed(result.status(), op + " returned no tweet id"));
        return new PostResult("x", id, false);
    }

    @Override
    public FeedThread lookup(String postId) {
        BigInteger id = snowflake(Objects.requireNonNull(postId, "postId"))
                .orElseThrow(() -> invalid("post id must be numeric, was '" + postId + "'"));
        String op = "GET /2/tweets/{id}";
        Url url = withTweetFields(url("2/tweets/" + id));
        HttpResult result = http.requireOk(op, http.call(op, () -> get(url)));
        FeedPost post = toPost(result.json().path("data"), usernames(result.json()))
                .orElseThrow(() -> new FeedException("x", FeedException.Reason.NOT_FOUND, result.status(),
                        "x post " + postId + " was not found or is malformed"));
        List<FeedPost> thread = new ArrayList<>();
        String searchOp = "GET /2/tweets/search/recent";
        try {
            Url search = withTweetFields(url("2/tweets/search/recent").query("query", "conversation_id:" + post.conversation())
                    .query("max_results", "100"));
            JsonNode found = http.requireOk(searchOp, http.call(searchOp, () -> get(search))).json();
            Map<String, String> more = usernames(found);
            for (JsonNode t : found.path("data")) {
                toPost(t, more).filter(p -> !p.id().equals(post.id())).ifPresent(thread::add);
            }
        } catch (FeedException e) {
            log.info("x: conversation search unavailable ({}); returning the post alone", e.getMessage());
        }
        thread.sort(Comparator.comparing((FeedPost p) -> snowflake(p.id()).orElse(BigInteger.ZERO)));
        return new FeedThread(post, thread);
    }

    @Override
    public String toString() {
        return "XFeed[" + baseUrl + ", " + (bearer != null ? "bearer" : "oauth1") + "]";
    }

    private Optional<FeedPost> toPost(JsonNode tweet, Map<String, String> usernames) {
        Optional<String> id = JsonSupport.text(tweet, "id");
        Optional<String> text = tweet != null && tweet.path("text").isString() ? Optional.of(tweet.path("text").asString()) : Optional.empty();
        Optional<String> author = JsonSupport.text(tweet, "author_id");
        if (id.isEmpty() || text.isEmpty() || author.isEmpty()) {
            return Optional.empty();
        }
        String conversation = JsonSupport.text(tweet, "conversation_id").orElse(id.get());
        Optional<String> replyTo = Optional.empty();
        for (JsonNode ref : tweet.path("referenced_tweets")) {
            if ("replied_to".equals(JsonSupport.text(ref, "type").orElse(""))) {
                replyTo = JsonSupport.text(ref, "id");
            }
        }
        var attributes = new HashMap<String, String>();
        attributes.put("x.tweet_id", id.get());
        attributes.put("x.author_id", author.get());
        attributes.put("x.conversation_id", conversation);
        replyTo.ifPresent(r -> attributes.put("x.in_reply_to_tweet_id", r));
        JsonSupport.text(tweet, "in_reply_to_user_id").ifPresent(u -> attributes.put("x.in_reply_to_user_id", u));
        return Optional.of(new FeedPost("x", id.get(), new FeedAccount(author.get(), usernames.getOrDefault(author.get(), author.get())),
                conversation, text.get(), replyTo,
                JsonSupport.instant(JsonSupport.text(tweet, "created_at")).orElse(clock.instant()), attributes));
    }

    private static Map<String, String> usernames(JsonNode json) {
        var users = new HashMap<String, String>();
        for (JsonNode user : json.path("includes").path("users")) {
            JsonSupport.text(user, "id").ifPresent(uid -> JsonSupport.text(user, "username").ifPresent(u -> users.put(uid, u)));
        }
        return users;
    }

    private static boolean isDuplicate(String body) {
        return body.toLowerCase().contains("duplicate content");
    }

    private Url url(String path) {
        return Url.of(baseUrl, path);
    }

    private static Url withTweetFields(Url url) {
        return url.query("tweet.fields", TWEET_FIELDS).query("expansions", "author_id").query("user.fields", "username");
    }

    private HttpRequest get(Url url) {
        return authorize(HttpRequest.newBuilder(url.uri()).GET(), "GET", url);
    }

    private HttpRequest authorize(HttpRequest.Builder request, String method, Url url) {
        String header = bearer != null ? "Bearer " + bearer.reveal() : signer.authorization(method, url, Map.of());
        return request.timeout(TIMEOUT).header("Authorization", header).header("Accept", "application/json").build();
    }

    private static Optional<BigInteger> snowflake(String id) {
        if (id == null || id.isEmpty() || id.length() > 30 || !id.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(id));
    }

    private static BigInteger max(BigInteger a, BigInteger b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.max(b);
    }

    /**
     * Configures an {@link XFeed}. Not thread-safe; each setting may be given once (the
     * authentication, {@code bearerToken} or {@code oauth1}, once in all).
     */
    public static final class Builder extends HttpFeedBuilder<Builder> {
        private Secret bearer;
        private Secret[] oauthKeys;
        private int maxPages = 10;
        private int pageSize = 100;

        private Builder() {
            super("XFeed.Builder", "https://api.x.com");
        }

        /**
         * Authenticates with an OAuth 2.0 user-context bearer token.
         *
         * @param token the access token
         * @return this builder
         * @throws IllegalStateException if an authentication mode was already set
         */
        public Builder bearerToken(Secret token) {
            once.mark("authentication");
            this.bearer = Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("x bearer token " + token.origin() + " is empty");
            }
            return this;
        }

        /**
         * Authenticates with OAuth 1.0a user keys, signing each request with HMAC-SHA1.
         *
         * @param consumerKey the app's API key
         * @param consumerSecret the app's API key secret
         * @param accessToken the user's access token
         * @param accessTokenSecret the user's access token secret
         * @return this builder
         * @throws IllegalStateException if an authentication mode was already set
         */
        public Builder oauth1(Secret consumerKey, Secret consumerSecret, Secret accessToken, Secret accessTokenSecret) {
            once.mark("authentication");
            this.oauthKeys = new Secret[] {
                Objects.requireNonNull(consumerKey, "consumerKey"), Objects.requireNonNull(consumerSecret, "consumerSecret"),
                Objects.requireNonNull(accessToken, "accessToken"), Objects.requireNonNull(accessTokenSecret, "accessTokenSecret")
            };
            return this;
        }

        /**
         * Sets the mentions page size ({@code max_results}, 5 to 100, default 100) and how many
         * pages one read follows (default 10).
         *
         * @param pageSize results per page
         * @param maxPages pages per read
         * @return this builder
         */
        public Builder paging(int pageSize, int maxPages) {
            once.mark("paging");
            if (pageSize < 5 || pageSize > 100) {
                throw new IllegalArgumentException("pageSize must be within [5, 100], was " + pageSize);
            }
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages must be positive, was " + maxPages);
            }
            this.pageSize = pageSize;
            this.maxPages = maxPages;
            return this;
        }

        /**
         * Builds the feed. No request is made until first use.
         *
         * @return the feed
         * @throws IllegalStateException if no authentication was configured
         */
        public XFeed build() {
            if (bearer == null && oauthKeys == null) {
                throw new IllegalStateException("XFeed needs bearerToken(..) or oauth1(..)");
            }
            return new XFeed(this);
        }
    }
}
