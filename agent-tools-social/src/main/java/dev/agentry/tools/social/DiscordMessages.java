package dev.agentry.tools.social;

import dev.agentry.tools.social.internal.JsonSupport;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reading Discord message objects (from {@code MESSAGE_CREATE} dispatches and the REST API) and the
 * Discord feed's cursor: the newest message id seen per channel, written
 * {@code channel=message,channel=message}.
 */
final class DiscordMessages {
    private DiscordMessages() {}

    /** Whether a message mentions the bot or replies to one of its messages. */
    static boolean addresses(JsonNode message, String botId) {
        for (JsonNode user : message.path("mentions")) {
            if (botId.equals(JsonSupport.text(user, "id").orElse(""))) {
                return true;
            }
        }
        return botId.equals(JsonSupport.text(message.path("referenced_message").path("author"), "id").orElse(""));
    }

    /** A message as a post (id {@code channel:message}), with the bot's mention written as its handle. */
    static Optional<FeedPost> toPost(JsonNode message, FeedAccount bot, Instant readAt) {
        Optional<String> id = JsonSupport.text(message, "id");
        Optional<String> channel = JsonSupport.text(message, "channel_id");
        JsonNode author = message.path("author");
        Optional<String> authorId = JsonSupport.text(author, "id");
        if (id.isEmpty() || channel.isEmpty() || authorId.isEmpty() || !message.path("content").isString()) {
            return Optional.empty();
        }
        String text = message.path("content").asString().replace("<@" + bot.id() + ">", "@" + bot.handle())
                .replace("<@!" + bot.id() + ">", "@" + bot.handle());
        Optional<String> replyTo = JsonSupport.text(message.path("message_reference"), "message_id").map(m -> channel.get() + ":" + m);
        var attributes = new HashMap<String, String>();
        attributes.put("discord.message_id", id.get());
        attributes.put("discord.channel_id", channel.get());
        JsonSupport.text(message, "guild_id").ifPresent(g -> attributes.put("discord.guild_id", g));
        String handle = JsonSupport.text(author, "username").orElse(authorId.get());
        return Optional.of(new FeedPost("discord", channel.get() + ":" + id.get(), new FeedAccount(authorId.get(), handle), channel.get(),
                text, replyTo, JsonSupport.instant(JsonSupport.text(message, "timestamp")).orElse(readAt), attributes));
    }

    /** A snowflake id, or empty when the text is not one. */
    static Optional<BigInteger> snowflake(String id) {
        return XPosts.snowflake(id);
    }

    /** The per-channel positions of a cursor; unreadable parts are left out. */
    static Map<String, BigInteger> positions(Optional<String> cursor) {
        Map<String, BigInteger> positions = new TreeMap<>();
        cursor.ifPresent(text -> {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    snowflake(part.substring(eq + 1)).ifPresent(id -> positions.put(part.substring(0, eq), id));
                }
            }
        });
        return positions;
    }

    /** The cursor of per-channel positions. */
    static String cursor(Map<String, BigInteger> positions) {
        return positions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
