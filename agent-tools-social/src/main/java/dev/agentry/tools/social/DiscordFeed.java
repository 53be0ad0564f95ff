package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.HttpCaller.HttpResult;
import dev.agentry.tools.social.internal.JsonSupport;
import dev.agentry.tools.social.internal.Url;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Discord feed: messages in configured channels that mention the bot or reply to it, received
 * over the gateway (WebSocket: HELLO, IDENTIFY or RESUME, READY, MESSAGE_CREATE), and replies and
 * posts through the REST API ({@code POST /channels/{id}/messages} with {@code message_reference},
 * the idempotency key as an enforced {@code nonce}, and no pings but the replied user).
 *
 * <p>Built on the REST and gateway protocols directly, not on JDA or Discord4J: the feed needs four
 * gateway opcodes and four REST calls; JDA drops MESSAGE_CREATE for guilds it has not cached (so it
 * needs the GUILDS stream and a member cache) and brings OkHttp 4 next to this project's OkHttp 5,
 * Discord4J brings Reactor and Netty; neither lets the feed's cursor, quotas and metrics be the same
 * as the other feeds'. This class uses the JDK's HTTP and WebSocket clients like they do.
 *
 * <p>The gateway connects on the first read and queues messages between reads; a read returns those
 * past the cursor, oldest first. The cursor is the newest message id per channel
 * ({@code channel=id,...}); after a new session (start, or a session that could not be resumed), a
 * read first catches up over REST ({@code GET /channels/{id}/messages?after=}) on the channels it
 * has positions for, so a restart neither skips nor repeats a message. Messages that mention the
 * bot carry their text without the privileged Message Content intent; {@link Builder#messageContent()}
 * asks for it (for replies that turned the ping off). A post id is {@code channelId:messageId}.
 * 2000 characters per message. The bot token is never logged. Thread-safe.
 */
public final class DiscordFeed extends HttpFeed {
    private static final Logger log = LoggerFactory.getLogger(DiscordFeed.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int GUILD_MESSAGES = 1 << 9;
    private static final int MESSAGE_CONTENT = 1 << 15;
    private static final int MAX_PENDING = 10_000;

    private final Secret token;
    private final Set<String> channels;
    private final Optional<String> defaultChannel;
    private final DiscordGateway gateway;
    private final TreeMap<BigInteger, JsonNode> pending = new TreeMap<>();

    private DiscordFeed(Builder b) {
        super("discord", TextLimit.discord(), b.settings);
        this.token = b.token;
        this.channels = Set.copyOf(b.channels);
        this.defaultChannel = Optional.ofNullable(b.defaultChannel);
        this.gateway = new DiscordGateway(b.token, GUILD_MESSAGES | (b.messageContent ? MESSAGE_CONTENT : 0),
                b.client != null ? b.client : HttpClient.newHttpClient(), this::gatewayUrl);
    }

    /**
     * Starts a builder; {@link Builder#botToken} and {@link Builder#channels} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    FeedAccount fetchSelf() {
        JsonNode user = get("GET /users/@me", url("users/@me"));
        String id = JsonSupport.text(user, "id").orElseThrow(() -> malformed(200, "GET /users/@me returned no user id"));
        return new FeedAccount(id, JsonSupport.text(user, "username").orElse(id));
    }

    @Override
    List<FeedCheck.Finding> accountFindings(FeedAccount me) {
        var findings = new ArrayList<FeedCheck.Finding>();
        for (String channel : channels) {
            try {
                JsonNode found = get("GET /channels/{id}", url("channels/" + channel));
                findings.add(new FeedCheck.Finding(FeedCheck.Level.OK, "discord: reads #" + JsonSupport.text(found, "name").orElse(channel)));
            } catch (FeedException e) {
                findings.add(new FeedCheck.Finding(FeedCheck.Level.FAIL, "discord: cannot see channel " + channel + " (" + e.getMessage()
                        + "); invite the bot and give it View Channel, Read Message History and Send Messages there"));
            }
        }
        return findings;
    }

    private URI gatewayUrl() {
        JsonNode answer = get("GET /gateway/bot", url("gateway/bot"));
        return URI.create(JsonSupport.text(answer, "url").orElseThrow(() -> malformed(200, "GET /gateway/bot returned no url")));
    }

    @Override
    public FeedBatch read(Optional<String> cursor) {
        FeedAccount me = self();
        gateway.connect(TIMEOUT);
        Map<String, BigInteger> positions = new TreeMap<>(DiscordMessages.positions(cursor));
        List<JsonNode> arrived = new ArrayList<>();
        if (gateway.takeFreshSession()) {
            catchUp(positions, arrived);
        }
        gateway.drain(arrived);
        List<Map.Entry<BigInteger, JsonNode>> unread;
        synchronized (pending) {
            arrived.forEach(m -> JsonSupport.text(m, "id").flatMap(DiscordMessages::snowflake).ifPresent(id -> pending.put(id, m)));
            pending.entrySet().removeIf(e -> !channels.contains(channel(e.getValue())) || !after(positions, e.getValue(), e.getKey()));
            while (pending.size() > MAX_PENDING) {
                pending.pollFirstEntry();
            }
            unread = List.copyOf(pending.entrySet());
        }
        var items = new ArrayList<FeedBatch.Item>();
        for (Map.Entry<BigInteger, JsonNode> entry : unread) {
            JsonNode message = entry.getValue();
            positions.put(channel(message), entry.getKey());
            boolean own = me.id().equals(JsonSupport.text(message.path("author"), "id").orElse(""));
            if (!own && DiscordMessages.addresses(message, me.id())) {
                Optional<FeedPost> post = DiscordMessages.toPost(message, me, clock.instant());
                post.ifPresentOrElse(p -> items.add(new FeedBatch.Item(p, DiscordMessages.cursor(positions))),
                        () -> log.warn("discord: skipping malformed message {}", entry.getKey()));
            }
        }
        return new FeedBatch(items, unread.isEmpty() ? Optional.empty() : Optional.of(DiscordMessages.cursor(positions)));
    }

    private static String channel(JsonNode message) {
        return JsonSupport.text(message, "channel_id").orElse("");
    }

    private static boolean after(Map<String, BigInteger> positions, JsonNode message, BigInteger id) {
        BigInteger position = positions.get(channel(message));
        return position == null || id.compareTo(position) > 0;
    }

    /** Reads over REST what arrived on the channels with a position while no session was open. */
    private void catchUp(Map<String, BigInteger> positions, List<JsonNode> into) {
        for (Map.Entry<String, BigInteger> position : positions.entrySet()) {
            if (channels.contains(position.getKey())) {
                Url url = url("channels/" + position.getKey() + "/messages").query("after", position.getValue().toString()).query("limit", "100");
                get("GET /channels/{id}/messages", url).forEach(into::add);
            }
        }
        if (!into.isEmpty()) {
            log.info("discord: caught up on {} messages sent while no gateway session was open", into.size());
        }
    }

    @Override
    public PostResult publish(Draft draft) {
        requireFits(draft);
        ObjectNode body = JsonSupport.MAPPER.createObjectNode().put("content", draft.text());
        String channel;
        if (draft.inReplyTo().isPresent()) {
            String target = draft.inReplyTo().get();
            int colon = target.indexOf(':');
            if (colon <= 0 || DiscordMessages.snowflake(target.substring(colon + 1)).isEmpty()) {
                throw invalid("post id must be channelId:messageId, was '" + target + "'");
            }
            channel = target.substring(0, colon);
            body.putObject("message_reference").put("message_id", target.substring(colon + 1)).put("fail_if_not_exists", false);
        } else {
            channel = defaultChannel.orElseThrow(() -> invalid("has no channel to post to: configure defaultChannel(..) or reply to a message"));
        }
        body.putObject("allowed_mentions").put("replied_user", true).putArray("parse");
        draft.idempotencyKey().ifPresent(key -> body.put("nonce", nonce(key)).put("enforce_nonce", true));
        String op = "POST /channels/{id}/messages";
        Url url = url("channels/" + channel + "/messages");
        String json = JsonSupport.MAPPER.writeValueAsString(body);
        HttpResult result = http.requireOk(op, http.call(op, () -> request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()));
        String id = JsonSupport.text(result.json(), "id").orElseThrow(() -> malformed(result.status(), op + " returned no message id"));
        return new PostResult("discord", channel + ":" + id, false);
    }

    @Override
    public FeedThread lookup(String postId) {
        int colon = Objects.requireNonNull(postId, "postId").indexOf(':');
        if (colon <= 0) {
            throw invalid("post id must be channelId:messageId, was '" + postId + "'");
        }
        FeedAccount me = self();
        JsonNode message = get("GET /channels/{id}/messages/{id}", url("channels/" + postId.substring(0, colon) + "/messages/"
                + postId.substring(colon + 1)));
        FeedPost post = DiscordMessages.toPost(message, me, clock.instant()).orElseThrow(() -> new FeedException("discord",
                FeedException.Reason.NOT_FOUND, "discord message " + postId + " was not found or is malformed"));
        List<FeedPost> thread = new ArrayList<>();
        DiscordMessages.toPost(message.path("referenced_message"), me, clock.instant()).ifPresent(thread::add);
        return new FeedThread(post, thread);
    }

    @Override
    public void close() {
        gateway.close();
    }

    @Override
    public String toString() {
        return "DiscordFeed[" + baseUrl + ", channels " + channels + ", token redacted]";
    }

    private JsonNode get(String op, Url url) {
        HttpResult result = http.requireOk(op, http.call(op, () -> request(url).GET().build()));
        if (result.json().isMissingNode()) {
            throw malformed(result.status(), op + " returned a body that is not JSON");
        }
        return result.json();
    }

    private HttpRequest.Builder request(Url url) {
        return HttpRequest.newBuilder(url.uri()).timeout(TIMEOUT).header("Authorization", "Bot " + token.reveal())
                .header("Accept", "application/json").header("User-Agent", "DiscordBot (https://agentry.dev, 0.1)");
    }

    private Url url(String path) {
        return Url.of(baseUrl, path);
    }

    /** Discord nonces are at most 25 characters: a digest of the idempotency key. */
    private static String nonce(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 25);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Configures a {@link DiscordFeed}. Not thread-safe; each setting may be given once. */
    public static final class Builder extends HttpFeedBuilder<Builder> {
        private Secret token;
        private final Set<String> channels = new LinkedHashSet<>();
        private String defaultChannel;
        private boolean messageContent;
        private HttpClient client;

        private Builder() {
            super("DiscordFeed.Builder", "https://discord.com/api/v10");
        }

        /**
         * Sets the bot token from the developer portal (required).
         *
         * @param token the token
         * @return this builder
         */
        public Builder botToken(Secret token) {
            once.mark("botToken");
            Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("discord bot token " + token.origin() + " is empty");
            }
            this.token = token;
            return this;
        }

        /**
         * Sets the channel ids whose messages the feed reads (required, at least one).
         *
         * @param ids numeric channel ids
         * @return this builder
         */
        public Builder channels(String... ids) {
            once.mark("channels");
            for (String id : FeedSettings.ids("channels", ids)) {
                if (DiscordMessages.snowflake(id).isEmpty()) {
                    throw new IllegalArgumentException("discord channel ids must be numeric, was " + id);
                }
                channels.add(id);
            }
            return this;
        }

        /**
         * Sets the channel new (non-reply) posts go to.
         *
         * @param id a numeric channel id
         * @return this builder
         */
        public Builder defaultChannel(String id) {
            once.mark("defaultChannel");
            if (id == null || DiscordMessages.snowflake(id).isEmpty()) {
                throw new IllegalArgumentException("discord defaultChannel must be a numeric channel id, was " + id);
            }
            this.defaultChannel = id;
            return this;
        }

        /**
         * Asks for the privileged Message Content intent (enable it in the developer portal first):
         * needed only to read replies to the bot whose author turned the ping off.
         *
         * @return this builder
         */
        public Builder messageContent() {
            once.mark("messageContent");
            this.messageContent = true;
            return this;
        }

        /**
         * Shares an HTTP client for REST calls and the gateway's WebSocket.
         *
         * @param client the client
         * @return this builder
         */
        @Override
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return super.httpClient(client);
        }

        /**
         * Builds the feed; nothing connects until the first read.
         *
         * @return the feed
         * @throws IllegalStateException if the bot token or the channels are missing
         */
        public DiscordFeed build() {
            if (token == null || channels.isEmpty()) {
                throw new IllegalStateException("DiscordFeed needs botToken(..) and channels(..)");
            }
            return new DiscordFeed(this);
        }
    }
}
