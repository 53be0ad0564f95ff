package dev.agentry.tools.social;

import static dev.agentry.tools.social.XPosts.max;
import static dev.agentry.tools.social.XPosts.snowflake;
import static dev.agentry.tools.social.XPosts.usernames;
import static dev.agentry.tools.social.XPosts.withTweetFields;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.HttpCaller.HttpResult;
import dev.agentry.tools.social.internal.JsonSupport;
import dev.agentry.tools.social.internal.OAuth1Signer;
import dev.agentry.tools.social.internal.Url;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The X (Twitter) API v2 feed: mentions of the agent's account ({@code GET /2/users/{id}/mentions}
 * with {@code since_id} and {@code pagination_token}), posts and replies ({@code POST /2/tweets}),
 * lookups ({@code GET /2/tweets/{id}} and a recent search of the conversation).
 *
 * <p>Authentication, one of: OAuth 1.0a user keys ({@link Builder#oauth1}, the default to use: they
 * do not expire); OAuth 2.0 user context through {@link XOAuth2Client} ({@link Builder#oauth2}, from
 * a one-time {@code agentry auth x}; refreshed before its 2-hour expiry and after a 401, the
 * rotated refresh token stored first); a user access token as is ({@link Builder#bearerToken}, not
 * refreshed); or the app-only bearer token with the account's user id ({@link Builder#appOnly}),
 * which reads mentions but is refused by X for posting, so {@link #publish} refuses before sending
 * and {@link #check()} says so.
 *
 * <p>Quotas are kept per endpoint and window (15-minute and 24-hour): a used-up posting quota does
 * not hold up reading mentions. X's refusal of duplicate content (403) is answered by finding the
 * earlier post on the account's timeline ({@link PostResult#alreadyPosted()} with its real id) or
 * else a {@link FeedException.Reason#DUPLICATE} failure; never a made-up id. Cursor: the id of the
 * newest mention delivered; the first read without a cursor reads only the newest page.
 * Thread-safe.
 */
public final class XFeed extends HttpFeed {
    private static final Logger log = LoggerFactory.getLogger(XFeed.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final XAuth auth;
    private final int maxPages;
    private final int pageSize;

    private XFeed(Builder b) {
        super("x", TextLimit.x(), b.settings);
        this.auth = b.auth.apply(b.settings.clock());
        this.maxPages = b.maxPages;
        this.pageSize = b.pageSize;
    }

    /**
     * Starts a builder. Exactly one authentication ({@link Builder#oauth1}, {@link Builder#oauth2},
     * {@link Builder#bearerToken}, {@link Builder#appOnly}) must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    FeedAccount fetchSelf() {
        String op = auth.userId().isPresent() ? "GET /2/users/{id}" : "GET /2/users/me";
        Url url = url(auth.userId().map(id -> "2/users/" + id).orElse("2/users/me"));
        HttpResult result = http.requireOk(op, send(op, "GET", url, null));
        JsonNode data = result.json().path("data");
        String id = JsonSupport.text(data, "id").orElseThrow(() -> malformed(result.status(), op + " returned no user id"));
        return new FeedAccount(id, JsonSupport.text(data, "username").orElse(id));
    }

    @Override
    List<FeedCheck.Finding> configFindings() {
        var findings = new ArrayList<FeedCheck.Finding>();
        findings.add(new FeedCheck.Finding(FeedCheck.Level.OK, "x: authenticates with " + auth.describe()));
        if (!auth.userContext()) {
            findings.add(new FeedCheck.Finding(FeedCheck.Level.WARN, "x: the app-only bearer token reads the mentions of user "
                    + auth.userId().orElse("?") + " only; X refuses it for posting (403 Unsupported Authentication), so posts"
                    + " and replies are refused before sending. For a bot that answers, configure OAuth 1.0a user keys"
                    + " (consumerKey, consumerSecret, accessToken, accessTokenSecret) or OAuth 2.0 (clientId, then `agentry auth x`)"));
        }
        if (auth instanceof XAuth.OAuth2 oauth2 && oauth2.client().storedTokensExpireAt().isEmpty()) {
            findings.add(new FeedCheck.Finding(FeedCheck.Level.FAIL, "x: no OAuth 2.0 tokens under '" + oauth2.client().tokenKey()
                    + "' in the agent's store; run `agentry auth x` once before starting"));
        }
        return findings;
    }

    @Override
    public FeedBatch read(Optional<String> cursor) {
        Objects.requireNonNull(cursor, "cursor");
        FeedAccount me = self();
        BigInteger since = cursor.flatMap(XPosts::snowflake).orElse(null);
        if (cursor.isPresent() && since == null) {
            log.warn("x: ignoring unreadable cursor '{}'", cursor.get());
        }
        Mentions mentions = readMentions(me, since);
        BigInteger newest = since;
        var byId = new TreeMap<BigInteger, FeedPost>();
        int index = 0;
        for (JsonNode tweet : mentions.tweets()) {
            index++;
            Optional<BigInteger> id = JsonSupport.text(tweet, "id").flatMap(XPosts::snowflake);
            if (id.isEmpty()) {
                log.warn("x: skipping mention #{} without a valid id", index);
                continue;
            }
            newest = max(newest, id.get());
            if (since == null || id.get().compareTo(since) > 0) {
                XPosts.keep(id.get(), XPosts.toPost(tweet, mentions.usernames(), clock.instant()), me, byId);
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
            Url url = withTweetFields(url("2/users/" + me.id() + "/mentions").query("max_results", Integer.toString(pageSize)));
            if (since != null) {
                url.query("since_id", since.toString());
            }
            if (token != null) {
                url.query("pagination_token", token);
            }
            HttpResult result = http.requireOk(op, send(op, "GET", url, null));
            JsonNode page = result.json();
            if (page.isMissingNode()) {
                throw malformed(result.status(), op + " returned a body that is not JSON");
            }
            usernames.putAll(usernames(page));
            page.path("data").forEach(tweets::add);
            newest = max(newest, JsonSupport.text(page.path("meta"), "newest_id").flatMap(XPosts::snowflake).orElse(null));
            token = JsonSupport.text(page.path("meta"), "next_token").orElse(null);
            pages++;
        } while (token != null && since != null && pages < maxPages);
        if (token != null && since != null) {
            log.warn("x: more than {} pages of new mentions; older ones beyond that are not read", maxPages);
        }
        return new Mentions(tweets, usernames, newest);
    }

    /**
     * Publishes a post or reply with user-context authentication.
     *
     * @param draft the post
     * @return the result: a new post, or the earlier identical post X refused to duplicate
     * @throws FeedException {@link FeedException.Reason#UNSUPPORTED} with the app-only token (nothing
     *     sent); {@link FeedException.Reason#DUPLICATE} when X refused duplicate content and the earlier
     *     post is not among the account's recent posts; others as {@link Feed#publish}
     */
    @Override
    public PostResult publish(Draft draft) {
        Objects.requireNonNull(draft, "draft");
        if (!auth.userContext()) {
            throw new FeedException("x", FeedException.Reason.UNSUPPORTED, "x post not sent: the app-only bearer token cannot post"
                    + " (X answers 403 Unsupported Authentication); configure OAuth 1.0a user keys or OAuth 2.0 (`agentry auth x`)");
        }
        requireFits(draft);
        ObjectNode body = JsonSupport.MAPPER.createObjectNode();
        body.put("text", draft.text());
        draft.inReplyTo().ifPresent(id -> body.putObject("reply").put("in_reply_to_tweet_id", id));
        String op = "POST /2/tweets";
        HttpResult result = send(op, "POST", url("2/tweets"), JsonSupport.MAPPER.writeValueAsString(body));
        if (result.status() == 403 && XPosts.isDuplicate(result.body())) {
            return earlierPost(draft);
        }
        JsonNode data = http.requireOk(op, result).json().path("data");
        String id = JsonSupport.text(data, "id").orElseThrow(() -> malformed(result.status(), op + " returned no tweet id"));
        return new PostResult("x", id, false);
    }

    /** After a duplicate-content refusal: the account's recent post with the same text, or a DUPLICATE failure. */
    private PostResult earlierPost(Draft draft) {
        String op = "GET /2/users/{id}/tweets";
        Url url = url("2/users/" + self().id() + "/tweets").query("max_results", "20").query("tweet.fields", XPosts.TWEET_FIELDS);
        Optional<String> earlier;
        try {
            earlier = XPosts.findDuplicate(http.requireOk(op, send(op, "GET", url, null)).json(), draft);
        } catch (FeedException e) {
            log.info("x: looking for the earlier identical post failed ({})", e.getMessage());
            earlier = Optional.empty();
        }
        if (earlier.isPresent()) {
            log.info("x: duplicate content refused by X; the identical post {} already exists", earlier.get());
            return new PostResult("x", earlier.get(), true);
        }
        throw new FeedException("x", FeedException.Reason.DUPLICATE, 403, "x refused the post as duplicate content and no identical"
                + " post is among the account's recent posts; nothing was posted: write something different");
    }

    @Override
    public FeedThread lookup(String postId) {
        BigInteger id = snowflake(Objects.requireNonNull(postId, "postId"))
                .orElseThrow(() -> invalid("post id must be numeric, was '" + postId + "'"));
        String op = "GET /2/tweets/{id}";
        HttpResult result = http.requireOk(op, send(op, "GET", withTweetFields(url("2/tweets/" + id)), null));
        FeedPost post = XPosts.toPost(result.json().path("data"), usernames(result.json()), clock.instant())
                .orElseThrow(() -> new FeedException("x", FeedException.Reason.NOT_FOUND, result.status(),
                        "x post " + postId + " was not found or is malformed"));
        List<FeedPost> thread = new ArrayList<>();
        String searchOp = "GET /2/tweets/search/recent";
        try {
            Url search = withTweetFields(url("2/tweets/search/recent").query("query", "conversation_id:" + post.conversation())
                    .query("max_results", "100"));
            JsonNode found = http.requireOk(searchOp, send(searchOp, "GET", search, null)).json();
            Map<String, String> more = usernames(found);
            for (JsonNode t : found.path("data")) {
                XPosts.toPost(t, more, clock.instant()).filter(p -> !p.id().equals(post.id())).ifPresent(thread::add);
            }
        } catch (FeedException e) {
            log.info("x: conversation search unavailable ({}); returning the post alone", e.getMessage());
        }
        thread.sort(Comparator.comparing((FeedPost p) -> snowflake(p.id()).orElse(BigInteger.ZERO)));
        return new FeedThread(post, thread);
    }

    @Override
    public String toString() {
        return "XFeed[" + baseUrl + ", " + auth.describe() + "]";
    }

    private Url url(String path) {
        return Url.of(baseUrl, path);
    }

    /** Sends a request, signed afresh per attempt; after a 401, once more if the credentials were renewed. */
    private HttpResult send(String op, String method, Url url, String json) {
        AtomicReference<String> used = new AtomicReference<>();
        Supplier<HttpRequest> request = () -> {
            String header = auth.header(method, url);
            used.set(header);
            HttpRequest.Builder b = HttpRequest.newBuilder(url.uri()).timeout(TIMEOUT).header("Authorization", header)
                    .header("Accept", "application/json");
            return (json == null ? b.GET() : b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))).build();
        };
        HttpResult result = http.call(op, request);
        if (result.status() == 401 && auth.renewAfterRejection(used.get())) {
            log.info("x {}: HTTP 401 with renewed credentials available; trying once more", op);
            result = http.call(op, request);
        }
        return result;
    }

    /**
     * Configures an {@link XFeed}. Not thread-safe; each setting may be given once (the
     * authentication once in all).
     */
    public static final class Builder extends HttpFeedBuilder<Builder> {
        private Function<Clock, XAuth> auth;
        private int maxPages = 10;
        private int pageSize = 100;

        private Builder() {
            super("XFeed.Builder", "https://api.x.com");
        }

        /**
         * Authenticates with OAuth 1.0a user keys (user context, the documented default), signing each
         * request with HMAC-SHA1.
         *
         * @param consumerKey the app's API key
         * @param consumerSecret the app's API key secret
         * @param accessToken the bot account's access token
         * @param accessTokenSecret the bot account's access token secret
         * @return this builder
         * @throws IllegalStateException if an authentication was already set
         */
        public Builder oauth1(Secret consumerKey, Secret consumerSecret, Secret accessToken, Secret accessTokenSecret) {
            once.mark("authentication");
            Objects.requireNonNull(consumerKey, "consumerKey");
            Objects.requireNonNull(consumerSecret, "consumerSecret");
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(accessTokenSecret, "accessTokenSecret");
            auth = clock -> new XAuth.OAuth1(new OAuth1Signer(consumerKey, consumerSecret, accessToken, accessTokenSecret, clock));
            return this;
        }

        /**
         * Authenticates with OAuth 2.0 user context whose tokens the client keeps and refreshes.
         *
         * @param client the app's OAuth 2.0 client over the agent's store
         * @return this builder
         * @throws IllegalStateException if an authentication was already set
         */
        public Builder oauth2(XOAuth2Client client) {
            once.mark("authentication");
            XAuth oauth2 = new XAuth.OAuth2(Objects.requireNonNull(client, "client"));
            auth = clock -> oauth2;
            return this;
        }

        /**
         * Authenticates with an OAuth 2.0 user access token as is. It expires after 2 hours and is
         * not refreshed; prefer {@link #oauth2(XOAuth2Client)} for a bot that runs.
         *
         * @param token the user access token
         * @return this builder
         * @throws IllegalStateException if an authentication was already set
         */
        public Builder bearerToken(Secret token) {
            once.mark("authentication");
            XAuth user = new XAuth.Bearer(notEmpty(token, "bearer token"), Optional.empty());
            auth = clock -> user;
            return this;
        }

        /**
         * Authenticates with the app-only bearer token (the developer portal's "Bearer Token"): the
         * feed reads the mentions of the given user and cannot post.
         *
         * @param token the app-only bearer token
         * @param userId the bot account's numeric user id
         * @return this builder
         * @throws IllegalStateException if an authentication was already set
         * @throws IllegalArgumentException if the user id is not numeric
         */
        public Builder appOnly(Secret token, String userId) {
            once.mark("authentication");
            if (userId == null || snowflake(userId).isEmpty()) {
                throw new IllegalArgumentException("x userId must be the account's numeric id, was " + userId);
            }
            XAuth appOnly = new XAuth.Bearer(notEmpty(token, "app-only bearer token"), Optional.of(userId));
            auth = clock -> appOnly;
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
            if (auth == null) {
                throw new IllegalStateException("XFeed needs oauth1(..), oauth2(..), bearerToken(..) or appOnly(..)");
            }
            return new XFeed(this);
        }

        private static Secret notEmpty(Secret token, String what) {
            Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("x " + what + " " + token.origin() + " is empty");
            }
            return token;
        }
    }
}
