package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.Feed;
import dev.agentry.tools.social.FeedProvider;
import dev.agentry.tools.social.TelegramFeed;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "telegram"} feed: {@code botToken}, {@code groupMessages} ({@code "mentions"}, the
 * default, or {@code "all"}), {@code defaultChat}, {@code longPollTimeout}; {@code baseUrl},
 * {@code owner}, {@code trusted}. Polled every second by default, since {@code getUpdates}
 * long-polls by itself. Off when the bot token resolves to empty.
 */
public final class TelegramFeedProvider implements FeedProvider {
    private static final Set<String> KEYS = FeedSections.keys(FeedSections.HTTP_KEYS,
            "botToken", "groupMessages", "defaultChat", "longPollTimeout");

    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public TelegramFeedProvider() {}

    @Override
    public String key() {
        return "telegram";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public Duration defaultPollInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Optional<Feed> create(ConfigSection s, PluginContext context) {
        Optional<Secret> token = FeedSections.credential(s, "botToken");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        TelegramFeed.Builder b = TelegramFeed.builder().botToken(token.get());
        s.optionalString("defaultChat").ifPresent(chat -> FeedSections.apply(s, "defaultChat", () -> b.defaultChat(chat)));
        FeedSections.durationOrZero(s, "longPollTimeout").ifPresent(b::longPollTimeout);
        String mode = s.string("groupMessages", "mentions");
        switch (mode) {
            case "mentions" -> { }
            case "all" -> b.allGroupMessages();
            default -> throw s.error("groupMessages", "expected \"mentions\" or \"all\", was \"" + mode + "\"");
        }
        return Optional.of(FeedSections.applyHttp(s, context, b).build());
    }
}
