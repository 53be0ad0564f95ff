package dev.agentry.tools.social;

import dev.agentry.core.Channel;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Tool;
import dev.agentry.core.Trigger;
import dev.agentry.tools.social.internal.FeedSections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The social-feeds {@link Plugin} ({@code "social"}), found by {@link java.util.ServiceLoader}. It
 * reads the agent configuration's {@code "feeds"} section and offers, per agent, the feeds'
 * {@link FeedChannel}s, a {@link FeedPoller} per polled feed or a {@link FeedWebhook} per feed
 * receiving webhooks ({@link #webhooks}), an optional {@link AutonomousPostTrigger} and the
 * {@link SocialTools}; {@link #checks} checks the feeds before start and {@link #health} reports
 * them to the console:
 *
 * <pre>{@code
 * "feeds": {
 *   "x": {"consumerKey": "${X_API_KEY}", "consumerSecret": "${X_API_KEY_SECRET}", "accessToken": "${X_ACCESS_TOKEN}",
 *         "accessTokenSecret": "${X_ACCESS_TOKEN_SECRET}", "trusted": ["123"], "owner": ["456"], "pollInterval": "PT60S"},
 *   "telegram": {"botToken": "${TELEGRAM_BOT_TOKEN}", "groupMessages": "mentions", "defaultChat": "@channel"},
 *   "farcaster": {"apiKey": "${NEYNAR_API_KEY}", "signerUuid": "${NEYNAR_SIGNER_UUID}", "fid": 3000},
 *   "discord": {"botToken": "${DISCORD_BOT_TOKEN}", "channels": ["1234567890"]},
 *   "local": {"file": "data/feed.jsonl"},
 *   "autonomousPosts": {"min": "PT90M", "max": "PT180M", "feed": "x"},
 *   "nearDuplicates": {"threshold": 0.92, "window": "P30D"}
 * }
 * }</pre>
 *
 * <p>Each feed key names a {@link FeedProvider} found by {@link ServiceLoader}; the provider reads
 * its section and builds the feed, so a new feed needs no change here. X also accepts OAuth 2.0
 * ({@code clientId}, tokens from {@code agentry auth x}) or, read-only, the app-only
 * {@code bearerToken} with {@code userId}. Secrets must be {@code ${ENV}} references; a feed whose
 * credential resolves to an empty value ({@code "${TELEGRAM_BOT_TOKEN:-}"}) is disabled. Every
 * feed takes {@code pollInterval} and {@code pollJitter} (ISO-8601 durations; the provider's default
 * interval otherwise: 60 s, Telegram's 1 s since {@code getUpdates} long-polls, the local feed's
 * 2 s); the HTTP feeds take {@code baseUrl}, {@code owner} and {@code trusted} account ids.
 * {@code nearDuplicates} wraps {@code social_post} in a {@link NearDuplicateGuard} over the agent's
 * memory (defaults as there). Errors are {@link ConfigException}s naming the file and field; an
 * unknown key names the known ones. An agent without a {@code "feeds"} section gets nothing.
 * Thread-safe.
 */
public final class SocialPlugin implements Plugin {
    private static final Logger log = LoggerFactory.getLogger(SocialPlugin.class);
    private static final String AUTONOMOUS_POSTS = "autonomousPosts";
    private static final String NEAR_DUPLICATES = "nearDuplicates";

    private record Wiring(PluginContext context, List<Feed> feeds, List<Trigger> triggers, List<Tool> tools,
            List<FeedPoller> pollers, List<FeedWebhook> webhooks) {}

    private final Map<String, FeedProvider> providers;
    private final Map<String, Wiring> wirings = new ConcurrentHashMap<>();

    /**
     * Creates the plugin with every {@link FeedProvider} on the class path; used by
     * {@link java.util.ServiceLoader}.
     *
     * @throws IllegalStateException if two providers claim the same key
     */
    public SocialPlugin() {
        Map<String, FeedProvider> found = new TreeMap<>();
        for (FeedProvider provider : ServiceLoader.load(FeedProvider.class)) {
            FeedProvider other = found.putIfAbsent(provider.key(), provider);
            if (other != null) {
                throw new IllegalStateException("feed providers " + other.getClass().getName() + " and "
                        + provider.getClass().getName() + " both claim the key \"" + provider.key() + "\"");
            }
        }
        this.providers = Map.copyOf(found);
    }

    @Override
    public String name() {
        return "social";
    }

    @Override
    public List<Tool> tools(PluginContext context) {
        return wiring(context).map(Wiring::tools).orElse(List.of());
    }

    @Override
    public List<Trigger> triggers(PluginContext context) {
        return wiring(context).map(Wiring::triggers).orElse(List.of());
    }

    @Override
    public List<Channel> channels(PluginContext context) {
        return wiring(context).map(w -> w.feeds().stream().<Channel>map(FeedChannel::of).toList()).orElse(List.of());
    }

    /**
     * Returns the agent's feed webhooks: one per feed configured to receive its updates by webhook
     * instead of polling (Telegram's {@code webhook}, Farcaster's {@code webhookSecret}). The
     * application mounts each {@link FeedWebhook#servlet()} at its {@link FeedWebhook#path()}
     * ({@code /webhooks/<agent>/<feed>}) on its embedded server; the webhooks are also among
     * {@link #triggers}, so the runtime starts them.
     *
     * @param context the agent's context
     * @return the webhooks, empty when no feed uses one
     * @throws ConfigException if the feeds section is wrong
     */
    public List<FeedWebhook> webhooks(PluginContext context) {
        return wiring(context).map(Wiring::webhooks).orElse(List.of());
    }

    /**
     * Checks every enabled feed of an agent before it starts ({@code agentry check}): credentials,
     * what they allow, and settings that will not work as expected. Calls the providers.
     *
     * @param context the agent's context
     * @return one check per enabled feed
     * @throws ConfigException if the feeds section is wrong
     */
    public List<FeedCheck> checks(PluginContext context) {
        return wiring(context).map(w -> w.feeds().stream().map(Feed::check).toList()).orElse(List.of());
    }

    /**
     * Returns the health of an agent's polled feeds, by feed name, for the operator console.
     *
     * @param context the agent's context
     * @return the health of each polled feed
     * @throws ConfigException if the feeds section is wrong
     */
    public Map<String, FeedHealth> health(PluginContext context) {
        Map<String, FeedHealth> health = new LinkedHashMap<>();
        wiring(context).ifPresent(w -> w.pollers().forEach(p -> health.put(p.feedName(), p.health())));
        return health;
    }

    private Optional<Wiring> wiring(PluginContext context) {
        Optional<ConfigSection> section = context.section("feeds");
        if (section.isEmpty() || section.get().keys().isEmpty()) {
            return Optional.empty();
        }
        Wiring existing = wirings.get(context.agentId());
        if (existing != null && existing.context() == context) {
            return Optional.of(existing);
        }
        Wiring built = build(context, section.get());
        wirings.put(context.agentId(), built);
        return Optional.of(built);
    }

    private Wiring build(PluginContext context, ConfigSection feeds) {
        Set<String> known = new TreeSet<>(providers.keySet());
        known.addAll(List.of(AUTONOMOUS_POSTS, NEAR_DUPLICATES));
        for (String key : feeds.keys()) {
            if (!known.contains(key)) {
                throw feeds.error(key, "unknown feed; known keys: " + String.join(", ", known));
            }
        }
        Map<String, Feed> enabled = new LinkedHashMap<>();
        List<Trigger> triggers = new ArrayList<>();
        List<FeedPoller> pollers = new ArrayList<>();
        List<FeedWebhook> webhooks = new ArrayList<>();
        for (String key : feeds.keys()) {
            FeedProvider provider = providers.get(key);
            Optional<ConfigSection> section = provider == null ? Optional.empty() : feeds.section(key);
            if (section.isPresent()) {
                Set<String> keys = new HashSet<>(provider.keys());
                keys.addAll(FeedProvider.POLLER_KEYS);
                section.get().requireOnly(keys);
                provider.create(section.get(), context).ifPresent(feed -> {
                    enabled.put(key, feed);
                    context.closeOnShutdown(feed);
                    provider.webhook(feed).ifPresentOrElse(receiver -> webhooks.add(webhook(feed, receiver, key, context)),
                            () -> pollers.add(poller(feed, section.get(), provider.defaultPollInterval(), context)));
                });
            }
        }
        triggers.addAll(pollers);
        triggers.addAll(webhooks);
        if (enabled.isEmpty()) {
            log.info("feeds: no feed is enabled for agent {}", context.agentId());
            return new Wiring(context, List.of(), List.of(), List.of(), List.of(), List.of());
        }
        feeds.section(AUTONOMOUS_POSTS).flatMap(auto -> autonomous(context, feeds, auto, enabled)).ifPresent(triggers::add);
        SocialTools social = SocialTools.builder().memory(context.memory()).feeds(List.copyOf(enabled.values())).build();
        List<Tool> tools = feeds.section(NEAR_DUPLICATES)
                .<List<Tool>>map(guard -> List.of(guard(guard, social.post(), context), social.reply(), social.lookup()))
                .orElse(social.tools());
        return new Wiring(context, List.copyOf(enabled.values()), List.copyOf(triggers), tools, List.copyOf(pollers), List.copyOf(webhooks));
    }

    private static FeedWebhook webhook(Feed feed, WebhookReceiver receiver, String key, PluginContext context) {
        FeedWebhook.Builder b = FeedWebhook.builder(feed, receiver).cursors(context.cursors())
                .path("/webhooks/" + context.agentId() + "/" + key);
        context.meterRegistry().ifPresent(b::meterRegistry);
        return b.build();
    }

    private static FeedPoller poller(Feed feed, ConfigSection section, Duration defaultInterval, PluginContext context) {
        Duration interval = section.duration("pollInterval").orElse(defaultInterval);
        Duration jitter = FeedSections.durationOrZero(section, "pollJitter").orElse(Duration.ZERO);
        FeedPoller.Builder poller = FeedPoller.builder(feed).cursors(context.cursors());
        context.meterRegistry().ifPresent(registry -> poller.meterRegistry(registry, context.agentId()));
        FeedSections.apply(section, "pollInterval", () -> poller.interval(interval, jitter));
        return poller.build();
    }

    private Optional<Trigger> autonomous(PluginContext context, ConfigSection feeds, ConfigSection auto, Map<String, Feed> enabled) {
        auto.requireOnly(List.of("feed", "min", "max"));
        String target = auto.string("feed");
        if (!enabled.containsKey(target)) {
            if (!providers.containsKey(target) || !feeds.has(target)) {
                throw auto.error("feed", "no feed named \"" + target + "\" is configured");
            }
            log.info("feeds.autonomousPosts: off because feed {} is disabled", target);
            return Optional.empty();
        }
        AutonomousPostTrigger.Builder b = AutonomousPostTrigger.builder(enabled.get(target)).persona(context.persona());
        Duration min = auto.duration("min").orElse(Duration.ofMinutes(90));
        Duration max = auto.duration("max").orElse(Duration.ofMinutes(180));
        FeedSections.apply(auto, "min", () -> b.interval(min, max));
        return Optional.of(b.build());
    }

    private static Tool guard(ConfigSection section, Tool post, PluginContext context) {
        section.requireOnly(List.of("threshold", "window"));
        NearDuplicateGuard.Builder b = NearDuplicateGuard.builder(post).memory(context.memory());
        section.amount("threshold").ifPresent(t -> FeedSections.apply(section, "threshold", () -> b.threshold(t.doubleValue())));
        section.duration("window").ifPresent(b::window);
        return b.build();
    }
}
