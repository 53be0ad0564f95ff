package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.Feed;
import dev.agentry.tools.social.FeedProvider;
import dev.agentry.tools.social.TelegramFeed;
import dev.agentry.tools.social.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "telegram"} feed: {@code botToken}, {@code groupMessages} ({@code "mentions"}, the
 * default, or {@code "all"}), {@code updates} (update kinds, default {@code ["message"]}; also
 * {@code "edited_message"}, {@code "channel_post"}, {@code "edited_channel_post"}), {@code backlog}
 * ({@code "skip"}, the default, or {@code "deliver"}), {@code deleteWebhook} (delete a webhook that
 * blocks polling, default false), {@code webhook} ({@code {"url", "secretToken"}}: receive updates
 * by webhook instead of polling), {@code defaultChat}, {@code longPollTimeout}; {@code baseUrl},
 * {@code owner}, {@code trusted}. Polled every second by default, since {@code getUpdates}
 * long-polls by itself. Off when the bot token resolves to empty.
 */
public final class TelegramFeedProvider implements FeedProvider {
    private static final Set<String> KEYS = FeedSections.keys(FeedSections.HTTP_KEYS,
            "botToken", "groupMessages", "defaultChat", "longPollTimeout", "updates", "backlog", "deleteWebhook", "webhook");

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
    public Optional<WebhookReceiver> webhook(Feed feed) {
        return feed instanceof TelegramFeed telegram ? telegram.webhook() : Optional.empty();
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
        if (s.has("updates")) {
            b.updates(s.strings("updates").stream().map(name -> update(s, name)).toArray(TelegramFeed.Update[]::new));
        }
        String backlog = s.string("backlog", "skip");
        switch (backlog) {
            case "skip" -> b.backlog(TelegramFeed.Backlog.SKIP);
            case "deliver" -> b.backlog(TelegramFeed.Backlog.DELIVER);
            default -> throw s.error("backlog", "expected \"skip\" or \"deliver\", was \"" + backlog + "\"");
        }
        if (s.bool("deleteWebhook", false)) {
            b.deleteWebhookOnConflict();
        }
        s.section("webhook").ifPresent(hook -> {
            hook.requireOnly(List.of("url", "secretToken"));
            FeedSections.apply(hook, "secretToken", () -> b.webhook(hook.string("url"), hook.secret("secretToken")));
        });
        return Optional.of(FeedSections.applyHttp(s, context, b).build());
    }

    private static TelegramFeed.Update update(ConfigSection s, String name) {
        for (TelegramFeed.Update kind : TelegramFeed.Update.values()) {
            if (kind.apiName().equals(name)) {
                return kind;
            }
        }
        throw s.error("updates", "unknown update kind \"" + name + "\"; known: message, edited_message, channel_post,"
                + " edited_channel_post" + (name.toLowerCase(Locale.ROOT).contains("business") ? " (business messages are not supported)" : ""));
    }
}
