package dev.agentry.tools.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Channel;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.CursorStore;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.Persona;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's "feeds" configuration section. */
class SocialPluginTest {
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private static PluginContext context(String feedsJson) {
        Map<String, String> env = Map.of("X_BEARER_TOKEN", "tok-SECRET-x", "TELEGRAM_BOT_TOKEN", "1:tg", "NEYNAR_API_KEY", "nk",
                "NEYNAR_SIGNER_UUID", "su", "X_API_KEY", "ck", "X_API_SECRET", "cs-SECRET", "X_ACCESS_TOKEN", "at",
                "X_ACCESS_TOKEN_SECRET", "ats-SECRET", "DISCORD_BOT_TOKEN", "dc-SECRET", "TELEGRAM_WEBHOOK_SECRET", "hook_secret-1");
        ConfigSection feeds = feedsJson == null ? null
                : ConfigSection.parse("test config", "{\"feeds\": " + feedsJson + "}", env).section("feeds").orElseThrow();
        var journal = new InMemoryJournal();
        var memory = new InMemoryMemory();
        var cursors = CursorStore.inMemory();
        return new PluginContext() {
            @Override
            public String agentId() {
                return "agent-1";
            }

            @Override
            public Persona persona() {
                return Persona.of("Ada", "a builder");
            }

            @Override
            public Optional<ConfigSection> section(String name) {
                return name.equals("feeds") ? Optional.ofNullable(feeds) : Optional.empty();
            }

            @Override
            public String resolve(String value) {
                Matcher m = REF.matcher(value);
                return m.replaceAll(r -> env.getOrDefault(r.group(1), ""));
            }

            @Override
            public Secret secret(String reference) {
                Matcher m = REF.matcher(reference);
                if (!m.matches()) {
                    throw new ConfigException("a secret must be a ${NAME} reference, not a literal");
                }
                String value = env.get(m.group(1));
                if (value == null) {
                    throw new ConfigException("environment variable " + m.group(1) + " is not set");
                }
                return Secret.of(value, reference);
            }

            @Override
            public Journal journal() {
                return journal;
            }

            @Override
            public CursorStore cursors() {
                return cursors;
            }

            @Override
            public Memory memory() {
                return memory;
            }

            @Override
            public Optional<MeterRegistry> meterRegistry() {
                return Optional.empty();
            }

            @Override
            public void closeOnShutdown(AutoCloseable resource) {
            }
        };
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::type))
                .contains(SocialPlugin.class);
    }

    @Test
    void buildsFeedsTriggersChannelsAndTools(@TempDir Path dir) {
        String file = dir.resolve("feed.jsonl").toString().replace("\\", "/");
        PluginContext ctx = context("""
                {"x": {"baseUrl": "http://127.0.0.1:1", "consumerKey": "${X_API_KEY}", "consumerSecret": "${X_API_SECRET}",
                       "accessToken": "${X_ACCESS_TOKEN}", "accessTokenSecret": "${X_ACCESS_TOKEN_SECRET}",
                       "trusted": ["123"], "owner": ["456"], "pollInterval": "PT60S"},
                 "telegram": {"botToken": "${TELEGRAM_BOT_TOKEN}", "groupMessages": "all", "pollInterval": "PT5S"},
                 "farcaster": {"apiKey": "${NEYNAR_API_KEY}", "signerUuid": "${NEYNAR_SIGNER_UUID}", "fid": 3000},
                 "discord": {"botToken": "${DISCORD_BOT_TOKEN}", "channels": ["1100"]},
                 "local": {"file": "%s"},
                 "autonomousPosts": {"min": "PT90M", "max": "PT180M", "feed": "x"}}
                """.formatted(file));
        SocialPlugin plugin = new SocialPlugin();
        assertThat(plugin.name()).isEqualTo("social");
        assertThat(plugin.tools(ctx)).extracting(Tool::name).containsExactly("social_post", "social_reply", "social_lookup");
        assertThat(plugin.channels(ctx)).extracting(Channel::source).containsExactly("x", "telegram", "farcaster", "discord", "local");
        assertThat(plugin.triggers(ctx)).hasSize(6).hasOnlyElementsOfTypes(FeedPoller.class, AutonomousPostTrigger.class);
        assertThat(plugin.webhooks(ctx)).isEmpty();
        assertThat(plugin.tools(ctx).get(0).specification().toString()).doesNotContain("SECRET");
    }

    @Test
    void noSectionMeansNothing() {
        SocialPlugin plugin = new SocialPlugin();
        assertThat(plugin.tools(context(null))).isEmpty();
        assertThat(plugin.triggers(context(null))).isEmpty();
        assertThat(plugin.channels(context(null))).isEmpty();
    }

    @Test
    void badConfigurationNamesTheField() {
        SocialPlugin plugin = new SocialPlugin();
        assertThatThrownBy(() -> plugin.tools(context("{\"x\": {\"bearerToken\": \"literal-token\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("test config: $.feeds.x.bearerToken").hasMessageNotContaining("literal-token");
        assertThatThrownBy(() -> plugin.tools(context("{\"local\": {\"pollInterval\": \"60s\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("feeds.local.pollInterval");
        assertThatThrownBy(() -> plugin.tools(context("{\"mastodon\": {}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.feeds.mastodon: unknown feed")
                .hasMessageContaining("autonomousPosts, discord, echo, farcaster, local, nearDuplicates, telegram, x");
        assertThatThrownBy(() -> plugin.tools(context("{\"local\": {}, \"autonomousPosts\": {\"feed\": \"x\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("feeds.autonomousPosts.feed");
        assertThatThrownBy(() -> plugin.tools(context("{\"local\": {}, \"autonomousPosts\": {\"feed\": \"local\", \"min\": \"PT2H\", \"max\": \"PT1H\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("feeds.autonomousPosts.min");
        assertThatThrownBy(() -> plugin.tools(context("{\"telegram\": {\"botToken\": \"${TELEGRAM_BOT_TOKEN}\", \"groupMessages\": \"some\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("feeds.telegram.groupMessages");
    }

    @Test
    void aFeedProviderOnTheClassPathIsUsedWithoutAnyChangeToThePlugin() {
        assertThat(ServiceLoader.load(FeedProvider.class).stream().map(ServiceLoader.Provider::type).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("XFeedProvider", "TelegramFeedProvider", "FarcasterFeedProvider", "LocalFeedProvider",
                        "DiscordFeedProvider", "EchoFeedProvider");
        SocialPlugin plugin = new SocialPlugin();
        PluginContext ctx = context("{\"echo\": {\"self\": \"echo-bot\", \"pollInterval\": \"PT5S\"}}");
        assertThat(plugin.channels(ctx)).extracting(Channel::source).containsExactly("echo");
        assertThat(plugin.triggers(ctx)).singleElement().isInstanceOfSatisfying(FeedPoller.class,
                poller -> assertThat(poller.cursorKey()).isEqualTo("echo:mentions:echo-bot"));
        assertThat(plugin.tools(ctx)).extracting(Tool::name).containsExactly("social_post", "social_reply", "social_lookup");

        // the provider may turn its feed off, and its section is checked against the keys it declares
        assertThat(plugin.channels(context("{\"echo\": {\"enabled\": false}}"))).isEmpty();
        assertThatThrownBy(() -> plugin.channels(context("{\"echo\": {\"colour\": \"red\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field $.feeds.echo.colour")
                .hasMessageContaining("self").hasMessageContaining("pollInterval");
    }

    @Test
    void unknownFieldsOfABuiltInFeedAreNamed() {
        SocialPlugin plugin = new SocialPlugin();
        assertThatThrownBy(() -> plugin.tools(context("{\"x\": {\"bearerToken\": \"${X_BEARER_TOKEN}\", \"userId\": \"42\", \"bearer_token\": \"x\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field $.feeds.x.bearer_token");
        assertThat(plugin.tools(context("{\"x\": {\"bearerToken\": \"${X_BEARER_TOKEN}\", \"userId\": \"42\", \"baseUrl\": \"http://127.0.0.1:1\"}}")))
                .hasSize(3);
    }

    @Test
    void theAppOnlyBearerTokenAloneIsRefusedNamingTheWorkingSetups() {
        SocialPlugin plugin = new SocialPlugin();
        // the sample config of old: the portal's app-only "Bearer Token" as the only credential
        assertThatThrownBy(() -> plugin.tools(context("{\"x\": {\"bearerToken\": \"${X_BEARER_TOKEN}\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("test config: $.feeds.x.bearerToken")
                .hasMessageContaining("userId").hasMessageContaining("consumerKey").hasMessageContaining("agentry auth x")
                .hasMessageNotContaining("tok-SECRET-x");
        // positive control: with the account's user id it is accepted, read-only
        assertThat(plugin.channels(context("{\"x\": {\"bearerToken\": \"${X_BEARER_TOKEN}\", \"userId\": \"42\"}}")))
                .extracting(Channel::source).containsExactly("x");
        assertThatThrownBy(() -> plugin.tools(context("{\"x\": {\"bearerToken\": \"${X_BEARER_TOKEN}\", \"userId\": \"bot\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.feeds.x.userId").hasMessageContaining("numeric");
    }

    @Test
    void aTelegramWebhookReplacesItsPollerAndIsOfferedForMounting() {
        SocialPlugin plugin = new SocialPlugin();
        PluginContext ctx = context("""
                {"telegram": {"botToken": "${TELEGRAM_BOT_TOKEN}",
                              "webhook": {"url": "https://bot.example.com/webhooks/agent-1/telegram", "secretToken": "${TELEGRAM_WEBHOOK_SECRET}"}},
                 "local": {}}
                """);
        assertThat(plugin.webhooks(ctx)).singleElement().satisfies(hook -> {
            assertThat(hook.path()).isEqualTo("/webhooks/agent-1/telegram");
            assertThat(hook.feed().name()).isEqualTo("telegram");
            assertThat(hook.servlet()).isInstanceOf(jakarta.servlet.http.HttpServlet.class);
        });
        assertThat(plugin.triggers(ctx)).hasSize(2).anySatisfy(t -> assertThat(t).isInstanceOf(FeedWebhook.class))
                .anySatisfy(t -> assertThat(t).isInstanceOfSatisfying(FeedPoller.class, p -> assertThat(p.feedName()).isEqualTo("local")));
        assertThat(plugin.health(ctx)).containsOnlyKeys("local");
        assertThatThrownBy(() -> plugin.tools(context("{\"telegram\": {\"botToken\": \"${TELEGRAM_BOT_TOKEN}\", \"updates\": [\"business_message\"]}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.feeds.telegram.updates").hasMessageContaining("not supported");
    }

    @Test
    void nearDuplicatesWrapsSocialPostInTheGuard() {
        SocialPlugin plugin = new SocialPlugin();
        assertThat(plugin.tools(context("{\"local\": {}, \"nearDuplicates\": {\"threshold\": 0.9, \"window\": \"P7D\"}}")))
                .extracting(Tool::name).containsExactly("social_post", "social_reply", "social_lookup");
        assertThat(plugin.tools(context("{\"local\": {}, \"nearDuplicates\": {}}")).get(0)).isInstanceOf(NearDuplicateGuard.class)
                .hasToString("NearDuplicateGuard[social_post, threshold 0.92, window PT720H]");
        assertThat(plugin.tools(context("{\"local\": {}, \"nearDuplicates\": {\"threshold\": \"0.8\", \"window\": \"P7D\"}}")).get(0))
                .hasToString("NearDuplicateGuard[social_post, threshold 0.8, window PT168H]");
        assertThat(plugin.tools(context("{\"local\": {}}")).get(0)).isNotInstanceOf(NearDuplicateGuard.class);
        assertThatThrownBy(() -> plugin.tools(context("{\"local\": {}, \"nearDuplicates\": {\"threshold\": 1.5}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.feeds.nearDuplicates.threshold").hasMessageContaining("1.5");
        assertThatThrownBy(() -> plugin.tools(context("{\"local\": {}, \"nearDuplicates\": {\"treshold\": 0.9}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.feeds.nearDuplicates.treshold");
    }
}
