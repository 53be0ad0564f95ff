package dev.agentry.tools.social;

import dev.agentry.tools.social.internal.JsonSupport;
import dev.agentry.tools.social.internal.SocialAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns Telegram {@code Update} objects (from {@code getUpdates} or a webhook call) into a
 * {@link FeedBatch}: the update kinds asked for, the backlog policy of the first start, and which
 * group messages address the bot. One path for polling and webhooks.
 */
final class TelegramUpdates {
    private static final Logger log = LoggerFactory.getLogger(TelegramUpdates.class);

    private final Set<TelegramFeed.Update> handled;
    private final boolean allGroupMessages;
    private final TelegramFeed.Backlog backlog;
    private final Instant startedAt;

    TelegramUpdates(Set<TelegramFeed.Update> handled, boolean allGroupMessages, TelegramFeed.Backlog backlog, Instant startedAt) {
        this.handled = Set.copyOf(handled);
        this.allGroupMessages = allGroupMessages;
        this.backlog = backlog;
        this.startedAt = startedAt;
    }

    /**
     * The posts among updates, oldest first, each with the next offset as its cursor.
     *
     * @param updates an array of updates
     * @param offset the stored offset; empty on the very first start, when the backlog policy applies
     * @param me the bot's account
     * @param readAt the time used when a message has no date
     */
    FeedBatch batch(JsonNode updates, Optional<Long> offset, FeedAccount me, Instant readAt) {
        var items = new ArrayList<FeedBatch.Item>();
        long newest = offset.map(o -> o - 1).orElse(Long.MIN_VALUE);
        int skippedBacklog = 0;
        for (JsonNode update : updates) {
            Optional<Long> updateId = JsonSupport.text(update, "update_id").flatMap(TelegramUpdates::parseLong);
            if (updateId.isEmpty()) {
                log.warn("telegram: skipping an update without update_id");
                continue;
            }
            if (offset.isPresent() && updateId.get() < offset.get()) {
                continue;
            }
            newest = Math.max(newest, updateId.get());
            Optional<TelegramFeed.Update> kind = kind(update);
            if (kind.isEmpty()) {
                log.debug("telegram: update {} is of a kind the feed does not handle", updateId.get());
                continue;
            }
            JsonNode message = update.path(kind.get().apiName());
            if (offset.isEmpty() && backlog == TelegramFeed.Backlog.SKIP && sentAt(message, kind.get()).isBefore(startedAt)) {
                skippedBacklog++;
                continue;
            }
            toPost(message, kind.get(), updateId.get(), me, readAt)
                    .ifPresent(p -> items.add(new FeedBatch.Item(p, Long.toString(updateId.get() + 1))));
        }
        if (skippedBacklog > 0) {
            log.info("telegram: first start: skipped {} updates sent before {} (backlog policy 'skip')", skippedBacklog, startedAt);
        }
        boolean nothingNew = newest == Long.MIN_VALUE || (offset.isPresent() && newest < offset.get());
        return new FeedBatch(items, nothingNew ? Optional.empty() : Optional.of(Long.toString(newest + 1)));
    }

    private Optional<TelegramFeed.Update> kind(JsonNode update) {
        for (TelegramFeed.Update kind : TelegramFeed.Update.values()) {
            if (update.has(kind.apiName())) {
                return handled.contains(kind) ? Optional.of(kind) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Instant sentAt(JsonNode message, TelegramFeed.Update kind) {
        String field = kind.edit() && message.has("edit_date") ? "edit_date" : "date";
        return JsonSupport.text(message, field).flatMap(TelegramUpdates::parseLong).map(Instant::ofEpochSecond).orElse(Instant.MAX);
    }

    private Optional<FeedPost> toPost(JsonNode message, TelegramFeed.Update kind, long updateId, FeedAccount me, Instant readAt) {
        Optional<String> messageId = JsonSupport.text(message, "message_id");
        Optional<String> chatId = JsonSupport.text(message.path("chat"), "id");
        JsonNode sender = message.has("from") ? message.path("from") : message.path("sender_chat");
        Optional<String> senderId = JsonSupport.text(sender, "id");
        JsonNode textNode = message.has("text") ? message.path("text") : message.path("caption");
        if (messageId.isEmpty() || chatId.isEmpty() || senderId.isEmpty() || !textNode.isString()) {
            log.warn("telegram: skipping update {}: not a text message with message_id, chat and sender", updateId);
            return Optional.empty();
        }
        if (senderId.get().equals(me.id())) {
            return Optional.empty();
        }
        String text = textNode.asString();
        String chatType = JsonSupport.text(message.path("chat"), "type").orElse("private");
        boolean group = chatType.equals("group") || chatType.equals("supergroup");
        if (group && !allGroupMessages && !addressedToBot(message, text, me)) {
            log.debug("telegram: update {} in group {} does not address the bot", updateId, chatId.get());
            return Optional.empty();
        }
        String handle = JsonSupport.text(sender, "username").or(() -> JsonSupport.text(sender, "first_name"))
                .or(() -> JsonSupport.text(sender, "title")).orElse(senderId.get());
        Optional<String> replyTo = JsonSupport.text(message.path("reply_to_message"), "message_id").map(id -> chatId.get() + ":" + id);
        var attributes = new HashMap<String, String>();
        attributes.put("telegram.chat_id", chatId.get());
        attributes.put("telegram.message_id", messageId.get());
        attributes.put("telegram.chat_type", chatType);
        attributes.put("telegram.update_id", Long.toString(updateId));
        attributes.put("telegram.update_kind", kind.apiName());
        if (kind.edit()) {
            attributes.put(SocialAttributes.REVISION, "edit-" + JsonSupport.text(message, "edit_date").orElse(Long.toString(updateId)));
        }
        Instant date = JsonSupport.text(message, "date").flatMap(TelegramUpdates::parseLong).map(Instant::ofEpochSecond).orElse(readAt);
        return Optional.of(new FeedPost("telegram", chatId.get() + ":" + messageId.get(), new FeedAccount(senderId.get(), handle),
                chatId.get(), text, replyTo, date, attributes));
    }

    private static boolean addressedToBot(JsonNode message, String text, FeedAccount me) {
        Optional<String> replyToFrom = JsonSupport.text(message.path("reply_to_message").path("from"), "id");
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

    static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
