package dev.agentry.tools.social;

import dev.agentry.core.Channel;
import dev.agentry.core.ConfigException;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import dev.agentry.core.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The social-feeds {@link Plugin} ({@code "social"}), found by {@link java.util.ServiceLoader}. It
 * reads the agent configuration's {@code "feeds"} section and offers, per agent, the feeds'
 * {@link FeedChannel}s, a {@link FeedPoller} per feed, an optional {@link AutonomousPostTrigger} and
 * the {@link SocialTools}:
 *
 * <pre>{@code
 * "feeds": {
 *   "x": {"baseUrl": "https://api.x.com", "bearerToken": "${X_BEARER_TOKEN}", "trusted": ["123"], "owner": ["456"], "pollInterval": "PT60S"},
 *   "telegram": {"botToken": "${TELEGRAM_BOT_TOKEN}", "groupMessages": "mentions", "defaultChat": "@channel"},
 *   "farcaster": {"apiKey": "${NEYNAR_API_KEY}", "signerUuid": "${NEYNAR_SIGNER_UUID}", "fid": 3000},
 *   "local": {"file": "data/feed.jsonl"},
 *   "autonomousPosts": {"min": "PT90M", "max": "PT180M", "feed": "x"}
 * }
 * }</pre>
 *
 * <p>X also accepts OAuth 1.0a keys ({@code consumerKey}, {@code consumerSecret}, {@code accessToken},
 * {@code accessTokenSecret}) instead of {@code bearerToken}. Secrets must be {@code ${ENV}}
 * references; a feed whose credential resolves to an empty value ({@code "${TELEGRAM_BOT_TOKEN:-}"}) is
 * disabled. Every feed takes {@code baseUrl}, {@code owner}, {@code trusted}, {@code pollInterval}
 * and {@code pollJitter} (ISO-8601 durations; polls default to every 60 s, Telegram's to 1 s since
 * {@code getUpdates} long-polls, the local feed's to 2 s). Errors are {@link ConfigException}s naming the
 * field. An agent without a {@code "feeds"} section gets nothing. Thread-safe.
 */
public final class SocialPlugin implements Plugin {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SocialPlugin.class);
    private static final Set<String> KNOWN = Set.of("x", "telegram", "farcaster", "local", "autonomousPosts");

    private record Wiring(PluginContext context, List<Feed> feeds, List<Trigger> triggers, Optional<SocialTools> tools) {}

    private final Map<String, Wiring> wirings = new ConcurrentHashMap<>();

    /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
    public SocialPlugin() {}

    @Override
    public String name() {
        return "social";
    }

    @Override
    public List<Tool> tools(PluginContext context) {
        return wiring(context).flatMap(Wiring::tools).map(SocialTools::tools).orElse(List.of());
    }

    @Override
    public List<Trigger> triggers(PluginContext context) {
        return wiring(context).map(Wiring::triggers).orElse(List.of());
    }

    @Override
    public List<Channel> channels(PluginContext context) {
        return wiring(context).map(w -> w.feeds().stream().<Channel>map(FeedChannel::of).toList()).orElse(List.of());
    }

    private Optional<Wiring> wiring(PluginContext context) {
        Optional<JsonNode> section = context.section("feeds").map(feeds -> new tools.jackson.databind.ObjectMapper().readTree(feeds.json()));
        if (section.isEmpty() || !section.get().isObject() || section.get().isEmpty()) {
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

    private static Wiring build(PluginContext context, JsonNode section) {
        for (String name : section.propertyNames()) {
            if (!KNOWN.contains(name)) {
                throw new ConfigException("feeds." + name + ": unknown feed; expected one of " + KNOWN);
            }
        }
        var feeds = new ArrayList<Feed>();
        var triggers = new ArrayList<Trigger>();
        Reader x = Reader.of(section, "x");
        if (x != null && x.enabled(context, x.string("bearerToken").isPresent() ? "bearerToken" : "consumerKey")) {
            XFeed.Builder b = XFeed.builder();
            x.string("baseUrl").ifPresent(u -> x.apply("baseUrl", () -> b.baseUrl(context.resolve(u))));
            Optional<String> bearer = x.string("bearerToken");
            if (bearer.isPresent()) {
                b.bearerToken(x.secret(context, "bearerToken"));
            } else if (x.string("consumerKey").isPresent()) {
                b.oauth1(x.secret(context, "consumerKey"), x.secret(context, "consumerSecret"),
                        x.secret(context, "accessToken"), x.secret(context, "accessTokenSecret"));
            } else {
                throw new ConfigException("feeds.x: needs bearerToken or consumerKey/consumerSecret/accessToken/accessTokenSecret");
            }
            b.owners(x.list("owner")).trusted(x.list("trusted"));
            context.meterRegistry().ifPresent(b::meterRegistry);
            feeds.add(b.build());
        }
        Reader tg = Reader.of(section, "telegram");
        if (tg != null && tg.enabled(context, "botToken")) {
            TelegramFeed.Builder b = TelegramFeed.builder().botToken(tg.secret(context, "botToken"));
            tg.string("baseUrl").ifPresent(u -> tg.apply("baseUrl", () -> b.baseUrl(context.resolve(u))));
            tg.string("defaultChat").ifPresent(c -> b.defaultChat(context.resolve(c)));
            tg.duration("longPollTimeout").ifPresent(b::longPollTimeout);
            String mode = tg.string("groupMessages").orElse("mentions");
            switch (mode) {
                case "mentions" -> { }
                case "all" -> b.allGroupMessages();
                default -> throw new ConfigException("feeds.telegram.groupMessages: expected \"mentions\" or \"all\", was \"" + mode + "\"");
            }
            b.owners(tg.list("owner")).trusted(tg.list("trusted"));
            context.meterRegistry().ifPresent(b::meterRegistry);
            feeds.add(b.build());
        }
        Reader fc = Reader.of(section, "farcaster");
        if (fc != null && fc.enabled(context, "apiKey")) {
            FarcasterFeed.Builder b = FarcasterFeed.builder().apiKey(fc.secret(context, "apiKey"))
                    .signerUuid(fc.secret(context, "signerUuid"));
            String fid = fc.string("fid").map(context::resolve)
                    .orElseThrow(() -> new ConfigException("feeds.farcaster.fid: required (the agent's Farcaster id)"));
            fc.apply("fid", () -> b.fid(Long.parseLong(fid.strip())));
            fc.string("baseUrl").ifPresent(u -> fc.apply("baseUrl", () -> b.baseUrl(context.resolve(u))));
            b.owners(fc.list("owner")).trusted(fc.list("trusted"));
            context.meterRegistry().ifPresent(b::meterRegistry);
            feeds.add(b.build());
        }
        Reader local = Reader.of(section, "local");
        if (local != null) {
            LocalFeed.Builder b = LocalFeed.builder();
            local.string("file").ifPresent(f -> b.file(Path.of(context.resolve(f))));
            local.string("self").ifPresent(s -> local.apply("self", () -> b.self(s)));
            b.owners(local.list("owner")).trusted(local.list("trusted"));
            feeds.add(b.build());
        }
        if (feeds.isEmpty()) {
            log.info("feeds: no feed is enabled for agent {}", context.agentId());
            return new Wiring(context, List.of(), List.of(), Optional.empty());
        }
        for (Feed feed : feeds) {
            Reader r = Reader.of(section, feed.name());
            Duration interval = r.duration("pollInterval").orElse(switch (feed.name()) {
                case "local" -> Duration.ofSeconds(2);
                case "telegram" -> Duration.ofSeconds(1); // getUpdates long-polls by itself
                default -> Duration.ofSeconds(60);
            });
            Duration jitter = r.duration("pollJitter").orElse(Duration.ZERO);
            FeedPoller.Builder poller = FeedPoller.builder(feed).cursors(context.cursors());
            r.apply("pollInterval", () -> poller.interval(interval, jitter));
            triggers.add(poller.build());
        }
        Reader auto = Reader.of(section, "autonomousPosts");
        if (auto != null) {
            String target = auto.string("feed").orElseThrow(() -> new ConfigException("feeds.autonomousPosts.feed: required"));
            Optional<Feed> enabled = feeds.stream().filter(f -> f.name().equals(target)).findFirst();
            if (enabled.isEmpty() && !section.has(target)) {
                throw new ConfigException("feeds.autonomousPosts.feed: no feed named \"" + target + "\" is configured");
            }
            if (enabled.isPresent()) {
                addAutonomous(context, auto, enabled.get(), triggers);
            } else {
                log.info("feeds.autonomousPosts: off because feed {} is disabled", target);
            }
        }
        SocialTools tools = SocialTools.builder().memory(context.memory()).feeds(feeds).build();
        return new Wiring(context, List.copyOf(feeds), List.copyOf(triggers), Optional.of(tools));
    }

    private static void addAutonomous(PluginContext context, Reader auto, Feed feed, List<Trigger> triggers) {
        AutonomousPostTrigger.Builder b = AutonomousPostTrigger.builder(feed).persona(context.persona());
        Duration min = auto.duration("min").orElse(Duration.ofMinutes(90));
        Duration max = auto.duration("max").orElse(Duration.ofMinutes(180));
        auto.apply("min", () -> b.interval(min, max));
        triggers.add(b.build());
    }

    /** Reads one feed's settings, naming the field in errors. */
    private record Reader(String path, JsonNode node) {
        static Reader of(JsonNode section, String name) {
            JsonNode node = section.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                throw new ConfigException("feeds." + name + ": must be an object");
            }
            return new Reader("feeds." + name, node);
        }

        Optional<String> string(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isString() && !v.isNumber()) {
                throw new ConfigException(path + "." + field + ": must be a string");
            }
            return Optional.of(v.asString());
        }

        /** A feed whose credential resolves to an empty value (such as {@code ${X:-}}) is off. */
        boolean enabled(PluginContext context, String credentialField) {
            if (string(credentialField).isEmpty()) {
                return true; // secret(..) reports the missing field
            }
            if (secret(context, credentialField).isEmpty()) {
                log.info("{}: disabled because {} is empty", path, credentialField);
                return false;
            }
            return true;
        }

        Secret secret(PluginContext context, String field) {
            String ref = string(field).orElseThrow(() -> new ConfigException(path + "." + field + ": required"));
            try {
                return context.secret(ref);
            } catch (ConfigException e) {
                throw new ConfigException(path + "." + field + ": " + e.getMessage(), e);
            }
        }

        String[] list(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return new String[0];
            }
            if (!v.isArray()) {
                throw new ConfigException(path + "." + field + ": must be a list of account ids");
            }
            var out = new ArrayList<String>();
            for (JsonNode e : v) {
                if (!e.isString() && !e.isNumber()) {
                    throw new ConfigException(path + "." + field + ": must be a list of account ids");
                }
                out.add(e.asString());
            }
            return out.toArray(String[]::new);
        }

        Optional<Duration> duration(String field) {
            Optional<String> v = string(field);
            try {
                return v.map(Duration::parse);
            } catch (DateTimeParseException e) {
                throw new ConfigException(path + "." + field + ": not an ISO-8601 duration such as \"PT60S\": \"" + v.get() + "\"");
            }
        }

        void apply(String field, Runnable setter) {
            try {
                setter.run();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path + "." + field + ": " + e.getMessage(), e);
            }
        }
    }

}
