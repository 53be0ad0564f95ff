package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.HttpCaller;
import dev.agentry.tools.social.internal.HttpCaller.HttpResult;
import dev.agentry.tools.social.internal.JsonSupport;
import dev.agentry.tools.social.internal.Url;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Farcaster feed through the Neynar v2 API: mentions and replies from
 * {@code GET /v2/farcaster/notifications} (type {@code mentions,replies}, newest first, paged with
 * {@code cursor}), casts and replies with {@code POST /v2/farcaster/cast} (a managed signer's UUID,
 * {@code parent} for replies, {@code idem} for idempotency), lookups with
 * {@code GET /v2/farcaster/cast/conversation}.
 *
 * <p>Lookups include the parents of the cast ({@code include_chronological_parent_casts}), oldest
 * first, before the replies below it. Neynar recommends webhooks over polling for bot mentions:
 * with {@link Builder#webhookSecret} the feed offers a {@link #webhook()} receiver instead.
 *
 * <p>Authenticates with the {@code x-api-key} header. Cursor: {@code epochMillis:hash} of the newest
 * cast delivered; a read follows pages back until it reaches it (the first read without a cursor
 * reads only the newest page). 429 waits {@code Retry-After} (or backs off). Casts are limited to
 * 320 UTF-8 bytes. Thread-safe.
 */
public final class FarcasterFeed extends HttpFeed {
    private static final Logger log = LoggerFactory.getLogger(FarcasterFeed.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> TYPES = Set.of("mention", "mentions", "reply", "replies");

    private final Secret apiKey;
    private final Secret signerUuid;
    private final long fid;
    private final int maxPages;
    private final Optional<WebhookReceiver> webhook;

    private FarcasterFeed(Builder b) {
        super("farcaster", TextLimit.farcaster(), b.settings);
        this.apiKey = b.apiKey;
        this.signerUuid = b.signerUuid;
        this.fid = b.fid;
        this.maxPages = b.maxPages;
        this.webhook = Optional.ofNullable(b.webhookSecret).map(secret -> new NeynarWebhookReceiver(this, secret));
    }

    /**
     * Returns the receiver of Neynar webhook calls, when the feed was built with a webhook secret
     * ({@link Builder#webhookSecret}): subscribe a webhook to {@code cast.created} with the agent's fid
     * in {@code mentioned_fids} and {@code parent_author_fids} in Neynar's portal.
     *
     * @return the receiver, or empty for a polled feed
     */
    public Optional<WebhookReceiver> webhook() {
        return webhook;
    }

    /**
     * The post of one webhook event: a {@code cast.created} that mentions the agent or replies to it
     * and is not its own. The cast at the cursor (the last delivered, sent again) is skipped; an older
     * one is still delivered (webhooks may arrive out of order; the inbox drops a repeat by its event
     * id) but never moves the cursor back.
     */
    FeedBatch webhookBatch(JsonNode event, Optional<String> cursor) {
        JsonNode cast = event.path("data");
        if (!event.isObject() || !event.path("type").isString()) {
            throw new FeedException("farcaster", FeedException.Reason.MALFORMED_RESPONSE, "farcaster webhook call is not a Neynar event");
        }
        String me = self().id();
        Optional<NeynarCasts.Position> position = NeynarCasts.position(cast);
        Optional<FeedPost> post = NeynarCasts.toPost(cast, clock.instant());
        if (!"cast.created".equals(event.path("type").asString()) || position.isEmpty() || post.isEmpty()
                || post.get().author().id().equals(me) || !NeynarCasts.addresses(cast, me)) {
            return FeedBatch.empty();
        }
        NeynarCasts.Position since = cursor.flatMap(NeynarCasts.Position::parse).orElse(null);
        if (position.get().equals(since)) {
            return FeedBatch.empty();
        }
        NeynarCasts.Position end = since != null && since.compareTo(position.get()) > 0 ? since : position.get();
        return new FeedBatch(List.of(new FeedBatch.Item(post.get(), end.toString())), Optional.of(end.toString()));
    }

    /**
     * Starts a builder; API key, signer UUID and fid are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    FeedAccount fetchSelf() {
        String op = "GET /v2/farcaster/user/bulk";
        Url url = Url.of(baseUrl, "v2/farcaster/user/bulk").query("fids", Long.toString(fid));
        JsonNode users = http.requireOk(op, http.call(op, () -> get(url))).json().path("users");
        String username = users.isArray() && !users.isEmpty() ? JsonSupport.text(users.get(0), "username").orElse("") : "";
        return new FeedAccount(Long.toString(fid), username);
    }

    @Override
    public FeedBatch read(Optional<String> cursor) {
        FeedAccount me = self();
        NeynarCasts.Position since = cursor.flatMap(NeynarCasts.Position::parse).orElse(null);
        if (cursor.isPresent() && since == null) {
            log.warn("farcaster: ignoring unreadable cursor '{}'", cursor.get());
        }
        var found = new TreeMap<NeynarCasts.Position, FeedPost>();
        NeynarCasts.Position newest = since;
        String next = null;
        int pages = 0;
        String op = "GET /v2/farcaster/notifications";
        boolean reachedCursor = false;
        do {
            Url url = Url.of(baseUrl, "v2/farcaster/notifications").query("fid", Long.toString(fid))
                    .query("type", "mentions,replies").query("limit", "25");
            if (next != null) {
                url.query("cursor", next);
            }
            HttpResult result = http.requireOk(op, http.call(op, () -> get(url)));
            JsonNode page = result.json();
            if (page.isMissingNode()) {
                throw malformed(result.status(), op + " returned a body that is not JSON");
            }
            for (JsonNode notification : page.path("notifications")) {
                JsonNode cast = notification.path("cast");
                String type = JsonSupport.text(notification, "type").orElse("");
                Optional<NeynarCasts.Position> at = NeynarCasts.position(cast);
                if (at.isEmpty()) {
                    log.warn("farcaster: skipping notification without cast hash or timestamp");
                    continue;
                }
                NeynarCasts.Position position = at.get();
                if (since != null && position.compareTo(since) <= 0) {
                    reachedCursor = true;
                    continue;
                }
                newest = newest == null || position.compareTo(newest) > 0 ? position : newest;
                if (!TYPES.contains(type)) {
                    continue;
                }
                Optional<FeedPost> post = NeynarCasts.toPost(cast, clock.instant());
                if (post.isEmpty()) {
                    log.warn("farcaster: skipping malformed cast {}", position.hash());
                } else if (!post.get().author().id().equals(me.id())) {
                    found.put(position, post.get());
                }
            }
            next = JsonSupport.text(page.path("next"), "cursor").orElse(null);
            pages++;
        } while (next != null && since != null && !reachedCursor && pages < maxPages);
        var items = new ArrayList<FeedBatch.Item>();
        found.forEach((position, post) -> items.add(new FeedBatch.Item(post, position.toString())));
        Optional<String> end = newest == null || newest.equals(since) ? Optional.empty() : Optional.of(newest.toString());
        return new FeedBatch(items, end);
    }

    @Override
    public PostResult publish(Draft draft) {
        requireFits(draft);
        ObjectNode body = JsonSupport.MAPPER.createObjectNode();
        body.put("signer_uuid", signerUuid.reveal());
        body.put("text", draft.text());
        draft.inReplyTo().ifPresent(parent -> body.put("parent", parent));
        draft.idempotencyKey().ifPresent(key -> body.put("idem", idem(key)));
        String json = JsonSupport.MAPPER.writeValueAsString(body);
        String op = "POST /v2/farcaster/cast";
        Url url = Url.of(baseUrl, "v2/farcaster/cast");
        HttpResult result = http.requireOk(op, http.call(op, () -> HttpRequest.newBuilder(url.uri()).timeout(TIMEOUT)
                .header("x-api-key", apiKey.reveal()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()));
        String hash = JsonSupport.text(result.json().path("cast"), "hash")
                .orElseThrow(() -> malformed(result.status(), op + " returned no cast hash"));
        return new PostResult("farcaster", hash, false);
    }

    @Override
    public FeedThread lookup(String postId) {
        Objects.requireNonNull(postId, "postId");
        String op = "GET /v2/farcaster/cast/conversation";
        Url url = Url.of(baseUrl, "v2/farcaster/cast/conversation").query("identifier", postId).query("type", "hash")
                .query("reply_depth", "2").query("include_chronological_parent_casts", "true");
        HttpResult result = http.requireOk(op, http.call(op, () -> get(url)));
        JsonNode cast = result.json().path("conversation").path("cast");
        FeedPost post = NeynarCasts.toPost(cast, clock.instant()).orElseThrow(() -> new FeedException("farcaster", FeedException.Reason.NOT_FOUND, result.status(),
                "farcaster cast " + postId + " was not found or is malformed"));
        var thread = new ArrayList<FeedPost>();
        for (JsonNode parent : result.json().path("conversation").path("chronological_parent_casts")) {
            NeynarCasts.toPost(parent, clock.instant()).ifPresent(thread::add);
        }
        collectReplies(cast, thread, 0);
        thread.sort(Comparator.comparing(FeedPost::createdAt));
        return new FeedThread(post, thread);
    }

    @Override
    public String toString() {
        return "FarcasterFeed[" + baseUrl + ", fid " + fid + ", keys redacted]";
    }

    private void collectReplies(JsonNode cast, List<FeedPost> into, int depth) {
        if (depth > 5) {
            return;
        }
        for (JsonNode reply : cast.path("direct_replies")) {
            NeynarCasts.toPost(reply, clock.instant()).ifPresent(into::add);
            collectReplies(reply, into, depth + 1);
        }
    }

    private HttpRequest get(Url url) {
        return HttpRequest.newBuilder(url.uri()).timeout(TIMEOUT).header("x-api-key", apiKey.reveal())
                .header("Accept", "application/json").GET().build();
    }

    private static String idem(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Configures a {@link FarcasterFeed}. Not thread-safe; each setting may be given once. */
    public static final class Builder extends HttpFeedBuilder<Builder> {
        private Secret apiKey;
        private Secret signerUuid;
        private long fid = -1;
        private int maxPages = 10;
        private Secret webhookSecret;

        private Builder() {
            super("FarcasterFeed.Builder", "https://api.neynar.com");
        }

        /**
         * Sets the Neynar API key (required).
         *
         * @param key the key
         * @return this builder
         */
        public Builder apiKey(Secret key) {
            once.mark("apiKey");
            this.apiKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Sets the UUID of the Neynar managed signer that casts for the agent (required).
         *
         * @param uuid the signer UUID
         * @return this builder
         */
        public Builder signerUuid(Secret uuid) {
            once.mark("signerUuid");
            this.signerUuid = Objects.requireNonNull(uuid, "uuid");
            return this;
        }

        /**
         * Sets the agent's Farcaster id (required).
         *
         * @param fid the fid, positive
         * @return this builder
         */
        public Builder fid(long fid) {
            once.mark("fid");
            if (fid <= 0) {
                throw new IllegalArgumentException("fid must be positive, was " + fid);
            }
            this.fid = fid;
            return this;
        }

        /**
         * Sets how many notification pages one read follows (default 10).
         *
         * @param maxPages pages, positive
         * @return this builder
         */
        public Builder maxPages(int maxPages) {
            once.mark("maxPages");
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages must be positive, was " + maxPages);
            }
            this.maxPages = maxPages;
            return this;
        }

        /**
         * Receives casts by Neynar webhook: calls are authentic when {@code X-Neynar-Signature} is
         * the hex HMAC-SHA512 of the body with this secret (the webhook's secret in Neynar's portal).
         *
         * @param secret the webhook's shared secret
         * @return this builder
         */
        public Builder webhookSecret(Secret secret) {
            once.mark("webhookSecret");
            Objects.requireNonNull(secret, "secret");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("farcaster webhook secret " + secret.origin() + " is empty");
            }
            this.webhookSecret = secret;
            return this;
        }

        /**
         * Builds the feed.
         *
         * @return the feed
         * @throws IllegalStateException if the API key, signer UUID or fid is missing
         */
        public FarcasterFeed build() {
            if (apiKey == null || signerUuid == null || fid <= 0) {
                throw new IllegalStateException("FarcasterFeed needs apiKey(..), signerUuid(..) and fid(..)");
            }
            return new FarcasterFeed(this);
        }
    }
}
