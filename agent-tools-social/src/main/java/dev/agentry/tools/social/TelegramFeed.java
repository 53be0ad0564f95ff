package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.JsonSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Telegram Bot API feed: messages to the bot from {@code getUpdates} long polling (or a webhook,
 * {@link #webhook()}), replies and posts with {@code sendMessage}.
 *
 * <p>Only the update kinds configured are asked for ({@code allowed_updates}; default
 * {@link Update#MESSAGE}: edits and channel posts are ignored unless configured, then an edit is a
 * new event of the same message). On the first start (no cursor), updates sent before the feed
 * started are skipped by default ({@link Backlog#SKIP}) instead of answering Telegram's whole
 * 24-hour backlog. Private chats deliver every text message; in groups only messages that mention
 * the bot or reply to it become events, unless {@link Builder#allGroupMessages()} is set; Telegram's
 * privacy mode (on by default) is read from {@code getMe} and warned about, since it hides other
 * group messages from the bot. A 409 (a webhook is set, or a second instance polls) fails with
 * {@link FeedException.Reason#CONFLICT} naming the fix, or deletes the webhook when
 * {@link Builder#deleteWebhookOnConflict()} is set.
 *
 * <p>A post id is {@code chatId + ":" + messageId}; the conversation is the chat. Cursor: the next
 * {@code offset} (last update id + 1), which also confirms the updates to Telegram. 429 answers wait
 * {@code parameters.retry_after}. Telegram cannot look messages up, so {@link #lookup(String)}
 * fails. The bot token is part of each URL and never logged. Thread-safe.
 */
public final class TelegramFeed extends HttpFeed {
    private static final Logger log = LoggerFactory.getLogger(TelegramFeed.class);

    /** The kinds of updates the feed can handle ({@code allowed_updates} names). */
    public enum Update {
        /** New messages in private chats and groups. */
        MESSAGE("message", false),
        /** Edits of messages; each edit becomes a new event about the same message. */
        EDITED_MESSAGE("edited_message", true),
        /** Posts in channels where the bot is an administrator. */
        CHANNEL_POST("channel_post", false),
        /** Edits of channel posts. */
        EDITED_CHANNEL_POST("edited_channel_post", true);

        private final String apiName;
        private final boolean edit;

        Update(String apiName, boolean edit) {
            this.apiName = apiName;
            this.edit = edit;
        }

        /**
         * Returns the Bot API's name of the kind.
         *
         * @return the name, such as {@code "edited_message"}
         */
        public String apiName() {
            return apiName;
        }

        boolean edit() {
            return edit;
        }
    }

    /** What the first start (no stored cursor) does with updates Telegram kept from before. */
    public enum Backlog {
        /** Skips (and confirms) updates sent before the feed started: the default. */
        SKIP,
        /** Delivers everything Telegram kept (up to 24 hours). */
        DELIVER
    }

    private final TelegramApi api;
    private final Duration longPoll;
    private final Set<Update> kinds;
    private final TelegramUpdates updates;
    private final boolean allGroupMessages;
    private final boolean deleteWebhookOnConflict;
    private final Optional<String> defaultChat;
    private final Optional<TelegramWebhookReceiver> webhook;
    private volatile boolean privacyMode;

    private TelegramFeed(Builder b) {
        super("telegram", TextLimit.telegram(), b.settings);
        this.api = new TelegramApi(baseUrl, b.token, http, b.deleteWebhookOnConflict);
        this.longPoll = b.longPoll;
        this.kinds = Set.copyOf(b.kinds);
        this.allGroupMessages = b.allGroupMessages;
        this.updates = new TelegramUpdates(kinds, b.allGroupMessages, b.backlog, clock.instant());
        this.deleteWebhookOnConflict = b.deleteWebhookOnConflict;
        this.defaultChat = Optional.ofNullable(b.defaultChat);
        this.webhook = Optional.ofNullable(b.webhookUrl).map(url -> new TelegramWebhookReceiver(this, url, b.webhookSecret));
    }

    /**
     * Starts a builder; {@link Builder#botToken(Secret)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the receiver of this feed's webhook, when the feed was built for one
     * ({@link Builder#webhook}); poll the feed otherwise (the two exclude each other at Telegram).
     *
     * @return the receiver, or empty for a polled feed
     */
    public Optional<WebhookReceiver> webhook() {
        return webhook.map(WebhookReceiver.class::cast);
    }

    @Override
    FeedAccount fetchSelf() {
        JsonNode result = api.call("getMe", JsonSupport.MAPPER.createObjectNode(), Duration.ofSeconds(30));
        String id = JsonSupport.text(result, "id").orElseThrow(() -> malformed(200, "getMe returned no bot id"));
        FeedAccount me = new FeedAccount(id, JsonSupport.text(result, "username").orElse(id));
        privacyMode = !result.path("can_read_all_group_messages").asBoolean(false);
        if (privacyMode) {
            log.warn(privacyWarning(me));
        }
        return me;
    }

    private String privacyWarning(FeedAccount me) {
        return "telegram: privacy mode is on for @" + me.handle() + ": in groups it receives only commands, replies to it and"
                + " messages that mention it" + (allGroupMessages ? ", so groupMessages 'all' cannot see the rest" : "")
                + "; to receive every group message, turn it off with @BotFather /setprivacy (then remove and re-add the bot"
                + " to each group) or make the bot a group admin";
    }

    @Override
    List<FeedCheck.Finding> accountFindings(FeedAccount me) {
        var findings = new ArrayList<FeedCheck.Finding>();
        if (privacyMode) {
            findings.add(new FeedCheck.Finding(FeedCheck.Level.WARN, privacyWarning(me)));
        }
        JsonNode info = api.call("getWebhookInfo", JsonSupport.MAPPER.createObjectNode(), Duration.ofSeconds(30));
        boolean set = !JsonSupport.text(info, "url").orElse("").isEmpty();
        if (webhook.isEmpty() && set) {
            findings.add(new FeedCheck.Finding(deleteWebhookOnConflict ? FeedCheck.Level.WARN : FeedCheck.Level.FAIL,
                    deleteWebhookOnConflict ? "telegram: a webhook is set; it will be deleted when polling starts (deleteWebhook)"
                            : TelegramApi.webhookConflict()));
        }
        JsonSupport.text(info, "last_error_message").ifPresent(error -> findings.add(new FeedCheck.Finding(FeedCheck.Level.WARN,
                "telegram: Telegram's last webhook delivery failed: " + error)));
        return findings;
    }

    @Override
    public FeedBatch read(Optional<String> cursor) {
        FeedAccount me = self();
        Optional<Long> offset = cursor.flatMap(TelegramUpdates::parseLong);
        if (cursor.isPresent() && offset.isEmpty()) {
            log.warn("telegram: ignoring unreadable cursor '{}'", cursor.get());
        }
        ObjectNode body = JsonSupport.MAPPER.createObjectNode();
        offset.ifPresent(o -> body.put("offset", o));
        body.put("timeout", longPoll.toSeconds());
        body.set("allowed_updates", allowedUpdates());
        JsonNode result = api.call("getUpdates", body, longPoll.plusSeconds(15));
        return updates.batch(result, offset, me, clock.instant());
    }

    /** The posts of one webhook call (one update), as a poll of it would return them. */
    FeedBatch webhookBatch(JsonNode update, Optional<String> cursor) {
        if (!update.isObject() || !update.has("update_id")) {
            throw new FeedException("telegram", FeedException.Reason.MALFORMED_RESPONSE, "telegram webhook call is not an Update");
        }
        return updates.batch(JsonSupport.MAPPER.createArrayNode().add(update), cursor.flatMap(TelegramUpdates::parseLong), self(),
                clock.instant());
    }

    /** Tells Telegram to call a webhook: the kinds asked for, one call at a time (so update ids arrive in order). */
    void setWebhook(String url, Secret secret) {
        ObjectNode body = JsonSupport.MAPPER.createObjectNode().put("url", url).put("secret_token", secret.reveal())
                .put("max_connections", 1).put("drop_pending_updates", false);
        body.set("allowed_updates", allowedUpdates());
        api.call("setWebhook", body, Duration.ofSeconds(30));
    }

    private ArrayNode allowedUpdates() {
        ArrayNode allowed = JsonSupport.MAPPER.createArrayNode();
        kinds.stream().sorted().forEach(kind -> allowed.add(kind.apiName()));
        return allowed;
    }

    @Override
    public PostResult publish(Draft draft) {
        requireFits(draft);
        ObjectNode body = JsonSupport.MAPPER.createObjectNode();
        if (draft.inReplyTo().isPresent()) {
            String target = draft.inReplyTo().get();
            int colon = target.lastIndexOf(':');
            Optional<Long> messageId = colon > 0 ? TelegramUpdates.parseLong(target.substring(colon + 1)) : Optional.empty();
            if (messageId.isEmpty()) {
                throw invalid("post id must be chatId:messageId, was '" + target + "'");
            }
            body.put("chat_id", target.substring(0, colon));
            body.putObject("reply_parameters").put("message_id", messageId.get()).put("allow_sending_without_reply", true);
        } else {
            body.put("chat_id", defaultChat.orElseThrow(() -> invalid("has no chat to post to: configure defaultChat(..) or reply to a message")));
        }
        body.put("text", draft.text());
        JsonNode result = api.call("sendMessage", body, Duration.ofSeconds(30));
        String chat = JsonSupport.text(result.path("chat"), "id").orElse(body.path("chat_id").asString());
        String messageId = JsonSupport.text(result, "message_id")
                .orElseThrow(() -> malformed(200, "sendMessage returned no message_id"));
        return new PostResult("telegram", chat + ":" + messageId, false);
    }

    /**
     * Always fails: the Bot API has no method to fetch a message by id.
     *
     * @param postId the post id
     * @return never
     * @throws FeedException always
     */
    @Override
    public FeedThread lookup(String postId) {
        throw new FeedException("telegram", FeedException.Reason.UNSUPPORTED,
                "telegram cannot look messages up: the Bot API has no method to fetch a message by id");
    }

    @Override
    public String toString() {
        return "TelegramFeed[" + baseUrl + ", token redacted]";
    }

    /** Configures a {@link TelegramFeed}. Not thread-safe; each setting may be given once. */
    public static final class Builder extends HttpFeedBuilder<Builder> {
        private Secret token;
        private Duration longPoll = Duration.ofSeconds(25);
        private boolean allGroupMessages;
        private boolean deleteWebhookOnConflict;
        private String defaultChat;
        private Set<Update> kinds = EnumSet.of(Update.MESSAGE);
        private Backlog backlog = Backlog.SKIP;
        private String webhookUrl;
        private Secret webhookSecret;

        private Builder() {
            super("TelegramFeed.Builder", "https://api.telegram.org");
        }

        /**
         * Sets the bot token from BotFather (required, once).
         *
         * @param token the token
         * @return this builder
         */
        public Builder botToken(Secret token) {
            once.mark("botToken");
            this.token = nonEmpty(token, "bot token");
            return this;
        }

        /**
         * Sets the {@code getUpdates} long-polling timeout (default 25 s; zero for short polling).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder longPollTimeout(Duration timeout) {
            once.mark("longPollTimeout");
            this.longPoll = FeedSettings.notNegative(timeout, "longPollTimeout");
            return this;
        }

        /**
         * Delivers every group message, not only those that mention or answer the bot (needs
         * privacy mode off, or the bot an admin).
         *
         * @return this builder
         */
        public Builder allGroupMessages() {
            once.mark("allGroupMessages");
            this.allGroupMessages = true;
            return this;
        }

        /**
         * Sets the update kinds to ask for and handle (default {@link Update#MESSAGE} only).
         *
         * @param kinds the kinds, at least one
         * @return this builder
         */
        public Builder updates(Update... kinds) {
            once.mark("updates");
            if (kinds.length == 0) {
                throw new IllegalArgumentException("updates must name at least one kind");
            }
            this.kinds = EnumSet.copyOf(List.of(kinds));
            return this;
        }

        /**
         * Sets what the first start does with older updates (default {@link Backlog#SKIP}).
         *
         * @param backlog the policy
         * @return this builder
         */
        public Builder backlog(Backlog backlog) {
            once.mark("backlog");
            this.backlog = Objects.requireNonNull(backlog, "backlog");
            return this;
        }

        /**
         * Deletes a webhook that blocks polling (HTTP 409) instead of failing with the fix.
         *
         * @return this builder
         */
        public Builder deleteWebhookOnConflict() {
            once.mark("deleteWebhookOnConflict");
            this.deleteWebhookOnConflict = true;
            return this;
        }

        /**
         * Receives updates by webhook instead of polling: {@code setWebhook} with this public URL
         * and secret token when the webhook starts; calls without the secret in
         * {@code X-Telegram-Bot-Api-Secret-Token} are refused.
         *
         * @param publicUrl the HTTPS URL Telegram calls, which reaches the webhook's servlet
         * @param secretToken 1 to 256 characters of {@code A-Z a-z 0-9 _ -}
         * @return this builder
         */
        public Builder webhook(String publicUrl, Secret secretToken) {
            once.mark("webhook");
            if (publicUrl == null || !publicUrl.startsWith("https://") && !publicUrl.startsWith("http://")) {
                throw new IllegalArgumentException("telegram webhook url must be an http(s) URL, was " + publicUrl);
            }
            nonEmpty(secretToken, "webhook secret token");
            if (!secretToken.reveal().matches("[A-Za-z0-9_-]{1,256}")) {
                throw new IllegalArgumentException("telegram webhook secret token " + secretToken.origin()
                        + " must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -");
            }
            this.webhookUrl = publicUrl;
            this.webhookSecret = secretToken;
            return this;
        }

        /**
         * Sets the chat that new (non-reply) posts go to, such as a channel {@code "@name"} or a
         * chat id.
         *
         * @param chatId the chat
         * @return this builder
         */
        public Builder defaultChat(String chatId) {
            once.mark("defaultChat");
            if (chatId == null || chatId.isBlank()) {
                throw new IllegalArgumentException("defaultChat must not be blank");
            }
            this.defaultChat = chatId;
            return this;
        }

        /**
         * Builds the feed; its start time (for the backlog policy) is now.
         *
         * @return the feed
         * @throws IllegalStateException if no bot token was set
         */
        public TelegramFeed build() {
            if (token == null) {
                throw new IllegalStateException("TelegramFeed needs botToken(..)");
            }
            return new TelegramFeed(this);
        }

        private static Secret nonEmpty(Secret secret, String what) {
            Objects.requireNonNull(secret, what);
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("telegram " + what + " " + secret.origin() + " is empty");
            }
            return secret;
        }
    }
}
