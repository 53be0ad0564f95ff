package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.FarcasterFeed;
import dev.agentry.tools.social.Feed;
import dev.agentry.tools.social.FeedProvider;
import dev.agentry.tools.social.WebhookReceiver;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "farcaster"} feed (Neynar): {@code apiKey}, {@code signerUuid}, {@code fid} (the
 * agent's Farcaster id, required), {@code webhookSecret} (receive casts by Neynar webhook instead of
 * polling); {@code baseUrl}, {@code owner}, {@code trusted}. Off when the API key resolves to empty.
 */
public final class FarcasterFeedProvider implements FeedProvider {
    private static final Set<String> KEYS = FeedSections.keys(FeedSections.HTTP_KEYS, "apiKey", "signerUuid", "fid", "webhookSecret");

    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public FarcasterFeedProvider() {}

    @Override
    public String key() {
        return "farcaster";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public Optional<WebhookReceiver> webhook(Feed feed) {
        return feed instanceof FarcasterFeed farcaster ? farcaster.webhook() : Optional.empty();
    }

    @Override
    public Optional<Feed> create(ConfigSection s, PluginContext context) {
        Optional<Secret> apiKey = FeedSections.credential(s, "apiKey");
        if (apiKey.isEmpty()) {
            return Optional.empty();
        }
        FarcasterFeed.Builder b = FarcasterFeed.builder().apiKey(apiKey.get()).signerUuid(s.secret("signerUuid"));
        if (!s.has("fid")) {
            throw s.error("fid", "is required (the agent's Farcaster id)");
        }
        b.fid(s.whole("fid", 1, 0));
        s.optionalSecret("webhookSecret").filter(secret -> !secret.isEmpty())
                .ifPresent(secret -> FeedSections.apply(s, "webhookSecret", () -> b.webhookSecret(secret)));
        return Optional.of(FeedSections.applyHttp(s, context, b).build());
    }
}
