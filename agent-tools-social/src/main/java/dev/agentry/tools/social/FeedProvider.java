package dev.agentry.tools.social;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Makes one kind of {@link Feed} from its section of the agent's {@code "feeds"} configuration: the
 * service-provider interface through which {@link SocialPlugin} finds feeds. One provider per feed
 * (X, Telegram, Farcaster, Discord, local); a new feed is a new provider class listed in
 * {@code META-INF/services/dev.agentry.tools.social.FeedProvider}, with no change to existing code.
 *
 * <pre>{@code
 * "feeds": {"mastodon": {"baseUrl": "https://mastodon.social", "token": "${MASTODON_TOKEN}", "pollInterval": "PT30S"}}
 * }</pre>
 *
 * <p>The plugin hands the provider the section under its {@link #key()}, after checking that it
 * holds only the provider's {@link #keys()} and the poller's {@link #POLLER_KEYS}; the provider
 * reads it with {@link ConfigSection}'s typed getters, which name the file and field in every
 * error. The plugin then polls the feed (every {@code pollInterval}, default
 * {@link #defaultPollInterval()}, plus up to {@code pollJitter}), replies through it and offers
 * the social tools over it. Implementations need a public no-argument constructor and must be
 * thread-safe (one instance serves every agent).
 */
public interface FeedProvider {

    /** The keys every feed section may hold for its poller: {@code pollInterval} and {@code pollJitter}. */
    Set<String> POLLER_KEYS = Set.of("pollInterval", "pollJitter");

    /**
     * Returns the key of the feed's section under {@code "feeds"}, such as {@code "x"}.
     *
     * @return the key: lower-case letters, digits, {@code _} or {@code -}; unique among providers
     */
    String key();

    /**
     * Returns the keys the provider reads from its section (besides {@link #POLLER_KEYS}); any
     * other key is refused before {@link #create} is called, naming it.
     *
     * @return the keys
     */
    Set<String> keys();

    /**
     * Builds the feed of one agent from its section.
     *
     * @param section the feed's section ({@code feeds.<key>}), already checked against
     *     {@link #keys()}
     * @param context the agent's context (metrics registry, agent id)
     * @return the feed, or empty when the section turns it off (a credential that resolves to an
     *     empty value, such as {@code "${TELEGRAM_BOT_TOKEN:-}"})
     * @throws ConfigException naming the field when the section is wrong
     */
    Optional<Feed> create(ConfigSection section, PluginContext context);

    /**
     * Returns the receiver through which a feed takes its updates by webhook instead of being
     * polled, when its section configures one (Telegram's {@code webhook}, Farcaster's
     * {@code webhookSecret}). The plugin then serves it as a {@link FeedWebhook} (see
     * {@link SocialPlugin#webhooks}) and does not poll the feed.
     *
     * @param feed a feed this provider created
     * @return the receiver, or empty to poll the feed (the default)
     */
    default Optional<WebhookReceiver> webhook(Feed feed) {
        return Optional.empty();
    }

    /**
     * Returns how often the feed is polled when its section has no {@code pollInterval}.
     *
     * @return the interval; 60 seconds unless the provider says otherwise
     */
    default Duration defaultPollInterval() {
        return Duration.ofSeconds(60);
    }
}
