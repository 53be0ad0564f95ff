package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.HttpCaller;
import dev.agentry.tools.social.internal.HttpCaller.HttpResult;
import dev.agentry.tools.social.internal.JsonSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Telegram Bot API feed: messages to the bot from {@code getUpdates} long polling, replies and
 * posts with {@code sendMessage}.
 *
 * <p>Private chats deliver every text message; in groups only messages that mention the bot or
 * reply to it become events, unless {@link Builder#allGroupMessages()} is set. A post id is
 * {@code chatId + ":" + messageId} (message ids are unique per chat only); the conversation is the
 * chat. Cursor: the next {@code offset} (last update id + 1), which also confirms the updates to
 * Telegram. 429 answers wait {@code parameters.retry_after}. Telegram cannot look messages up, so
 * {@link #lookup(String)} fails. The bot token is part of each URL and never logged. Thread-safe.
 */
public final class TelegramFeed extends HttpFeed {
    private static final Logger log = LoggerFactory.getLogger(TelegramFeed.class);

    private final Secret token;
    private final Duration longPoll;
    private final boolean allGroupMessages;
    private final Optional<String> defaultChat;

    private TelegramFeed(Builder b) {
        super("telegram", TextLimit.telegram(), b.settings);
        this.token = b.token;
        this.longPoll = b.longPoll;
        this.allGroupMessages = b.allGroupMessages;
        this.defaultChat = Optional.ofNullable(b.defaultChat);
    }

    /**
     * Starts a builder; {@link Builder#botToken(Secret)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    FeedAccount fetchSelf() {
        JsonNode result = call("getMe", JsonSupport.MAPPER.createObjectNode(), Duration.ofSeconds(30));
        String id = JsonSupport.text(result, "id").orElseThrow(() -> malformed(200, "getMe returned no bot id"));
        return new FeedAccount(id, JsonSupport.text(result, "username").orElse(id));
    }

    @Override
    public FeedBatch read(Optional<String> cursor) {
        FeedAccount me = self();
        ObjectNode body = JsonSupport.MAPPER.createObjectNode();
        Long offset = null;
        if (cursor.isPresent()) {
            try {
                offset = Long.parseLong(cursor.get());
                body.put("offset", offset);
            } catch (NumberFormatException e) {
                log.warn("telegram: ignoring unreadable cursor '{}'", cursor.get());
            }
        }
        body.put("timeout", longPoll.toSeconds());
        body.putArray("allowed_updates").add("message");
        JsonNode result = call("getUpdates", body, longPoll.plusSeconds(15));
        var items = new ArrayList<FeedBatch.Item>();
        long newest = offset == null ? Long.MIN_VALUE : offset - 1;
        for (JsonNode update : result) {
            Optional<Long> updateId = JsonSupport.text(update, "update_id").flatMap(TelegramFeed::parseLong);
            if (updateId.isEmpty()) {
                log.warn("telegram: skipping an update without update_id");
                continue;
            }
            newest = Math.max(newest, updateId.get());
            if (offset != null && updateId.get() < offset) {
                continue;
            }
            Optional<FeedPost> post = toPost(update.path("message"), updateId.get(), me);
            post.ifPresent(p -> items.add(new FeedBatch.Item(p, Long.toString(updateId.get() + 1))));
        }
        Optional<String> end = newest == Long.MIN_VALUE || (offset != null && newest < offset)
                ? Optional.empty() : Optional.of(Long.toString(newest + 1));
        return new FeedBatch(items, end);
    }

    @Override
    public PostResult publish(Draft draft) {
        requireFits(draft);
        ObjectNode body = JsonSupport.MAPPER.createObjectNode();
        if (draft.inReplyTo().isPresent()) {
            String target = draft.inReplyTo().get();
            int colon = target.lastIndexOf(':');
            Optional<Long> messageId = colon > 0 ? parseLong(target.substring(colon + 1)) : Optional.empty();
            if (messageId.isEmpty()) {
                throw invalid("post id must be chatId:messageId, was '" + target + "'");
            }
            body.put("chat_id", target.substring(0, colon));
            body.putObject("reply_parameters").put("message_id", messageId.get()).put("allow_sending_without_reply", true);
        } else {
            body.put("chat_id", defaultChat.orElseThrow(() -> invalid("has no chat to post to: configure defaultChat(..) or reply to a message")));
        }
        body.put("text", draft.text());
        JsonNode result = call("sendMessage", body, Duration.ofSeconds(30));
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

    private Optional<FeedPost> toPost(JsonNode message, long updateId, FeedAccount me) {
        if (!message.isObject()) {
            log.debug("telegram: update {} carries no message", updateId);
            return Optional.empty();
        }
        Optional<String> messageId = JsonSupport.text(message, "message_id");
        Optional<String> chatId = JsonSupport.text(message.path("chat"), "id");
        Optional<String> fromId = JsonSupport.text(message.path("from"), "id");
        JsonNode textNode = message.has("text") ? message.path("text") : message.path("caption");
        if (messageId.isEmpty() || chatId.isEmpty() || fromId.isEmpty() || !textNode.isString()) {
            log.warn("telegram: skipping update {}: not a text message with message_id, chat and sender", updateId);
            return Optional.empty();
        }
        if (fromId.get().equals(me.id())) {
            return Optional.empty();
        }
        String text = textNode.asString();
        String chatType = JsonSupport.text(message.path("chat"), "type").orElse("private");
        Optional<String> replyToFrom = JsonSupport.text(message.path("reply_to_message").path("from"), "id");
        boolean group = !chatType.equals("private");
        if (group && !allGroupMessages && !addressedToBot(message, text, me, replyToFrom)) {
            log.debug("telegram: update {} in group {} does not address the bot", updateId, chatId.get());
            return Optional.empty();
        }
        JsonNode from = message.path("from");
        String handle = JsonSupport.text(from, "username").or(() -> JsonSupport.text(from, "first_name")).orElse(fromId.get());
        Optional<String> replyTo = JsonSupport.text(message.path("reply_to_message"), "message_id").map(id -> chatId.get() + ":" + id);
        var attributes = new HashMap<String, String>();
        attributes.put("telegram.chat_id", chatId.get());
        attributes.put("telegram.message_id", messageId.get());
        attributes.put("telegram.chat_type", chatType);
        attributes.put("telegram.update_id", Long.toString(updateId));
        Instant date = JsonSupport.text(message, "date").flatMap(TelegramFeed::parseLong).map(Instant::ofEpochSecond).orElse(clock.instant());
        return Optional.of(new FeedPost("telegram", chatId.get() + ":" + messageId.get(), new FeedAccount(fromId.get(), handle),
                chatId.get(), text, replyTo, date, attributes));
    }

    private static boolean addressedToBot(JsonNode message, String text, FeedAccount me, Optional<String> replyToFrom) {
        if (replyToFrom.isPresent() && replyToFrom.get().equals(me.id())) {
            return true;
        }
        if (text.toLowerCase(Locale.ROOT).contains("@" + me.handle().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (JsonNode entity : message.path("entities")) {
            if ("text_mention".equals(JsonSupport.text(entity, "type").orElse(""))
                    && me.id().equals(JsonSupport.text(entity.path("user"), "id").orElse(""))) {
                return true;
            }
        }
        return false;
    }

    private JsonNode call(String method, ObjectNode body, Duration timeout) {
        String json = JsonSupport.MAPPER.writeValueAsString(body);
        URI uri = URI.create(baseUrl + "/bot" + token.reveal() + "/" + method);
        HttpResult result = http.call(method, () -> HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (result.status() == 404 || result.status() == 401 || result.status() == 403) {
            String description = JsonSupport.text(result.json(), "description").orElse("");
            if (result.status() != 403 || method.equals("getMe") || method.equals("getUpdates")) {
                throw new FeedAuthException("telegram", result.status(), "telegram refused the bot token for " + method
                        + " (HTTP " + result.status() + (description.isEmpty() ? "" : ", " + description) + "); check the bot token");
            }
        }
        if (result.status() == 403) {
            // e.g. "Forbidden: bot was blocked by the user": about one chat, not the credentials
            throw new FeedException("telegram", FeedException.Reason.REFUSED, 403, "telegram " + method + " was refused: "
                    + JsonSupport.text(result.json(), "description").orElse("Forbidden"));
        }
        JsonNode json2 = http.requireOk(method, result).json();
        if (!json2.path("ok").asBoolean(false)) {
            http.count("api_error");
            throw new FeedException("telegram", FeedException.Reason.REFUSED, result.status(), "telegram " + method + " failed: "
                    + JsonSupport.text(json2, "description").orElse(JsonSupport.excerpt(result.body())));
        }
        return json2.path("result");
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Configures a {@link TelegramFeed}. Not thread-safe; each setting may be given once. */
    public static final class Builder extends HttpFeedBuilder<Builder> {
        private Secret token;
        private Duration longPoll = Duration.ofSeconds(25);
        private boolean allGroupMessages;
        private String defaultChat;

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
            this.token = Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("telegram bot token " + token.origin() + " is empty");
            }
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
         * Delivers every group message, not only those that mention or answer the bot.
         *
         * @return this builder
         */
        public Builder allGroupMessages() {
            once.mark("allGroupMessages");
            this.allGroupMessages = true;
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
         * Builds the feed.
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
    }
}
