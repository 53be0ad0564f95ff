package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.DiscordFeed;
import dev.agentry.tools.social.Feed;
import dev.agentry.tools.social.FeedProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "discord"} feed: {@code botToken}, {@code channels} (numeric ids, required),
 * {@code defaultChannel}, {@code messageContent} (ask for the privileged intent, default false);
 * {@code baseUrl} (the REST API, default {@code https://discord.com/api/v10}), {@code owner},
 * {@code trusted}. Read every second by default: a read takes what the gateway queued. Off when the
 * bot token resolves to empty.
 */
public final class DiscordFeedProvider implements FeedProvider {
    private static final Set<String> KEYS = FeedSections.keys(FeedSections.HTTP_KEYS, "botToken", "channels", "defaultChannel",
            "messageContent");

    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public DiscordFeedProvider() {}

    @Override
    public String key() {
        return "discord";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public Optional<Feed> create(ConfigSection s, PluginContext context) {
        Optional<Secret> token = FeedSections.credential(s, "botToken");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (s.strings("channels").isEmpty()) {
            throw s.error("channels", "is required: the ids of the channels whose mentions the bot answers");
        }
        DiscordFeed.Builder b = DiscordFeed.builder().botToken(token.get());
        FeedSections.apply(s, "channels", () -> b.channels(FeedSections.ids(s, "channels")));
        s.optionalString("defaultChannel").ifPresent(id -> FeedSections.apply(s, "defaultChannel", () -> b.defaultChannel(id)));
        if (s.bool("messageContent", false)) {
            b.messageContent();
        }
        return Optional.of(FeedSections.applyHttp(s, context, b).build());
    }

    /** Reads every second: a read only takes what the gateway queued. */
    @Override
    public Duration defaultPollInterval() {
        return Duration.ofSeconds(1);
    }
}
