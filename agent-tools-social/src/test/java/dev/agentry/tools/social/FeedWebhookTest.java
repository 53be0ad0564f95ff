package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Secret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks instead of polling (issue 15): Telegram's secret-token header and Neynar's HMAC-SHA512
 * signature checked, served as servlets by a bare Jetty on 127.0.0.1, posts delivered exactly once
 * through the same cursor path as polling.
 */
class FeedWebhookTest {
    private static final String TELEGRAM = "/webhooks/bot/telegram";
    private static final String NEYNAR = "/webhooks/bot/farcaster";
    private WireMockServer wm;
    private final CursorStore cursors = CursorStore.inMemory();
    private final TestSupport.RecordingSink sink = new TestSupport.RecordingSink();

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        wm.stubFor(post("/bot123:SECRET/getMe").willReturn(okJson(fixture("telegram/getMe.json"))));
        wm.stubFor(post("/bot123:SECRET/setWebhook").willReturn(okJson(fixture("telegram/true.json"))));
        wm.stubFor(get(urlPathEqualTo("/v2/farcaster/user/bulk")).willReturn(okJson(fixture("neynar/user-bulk.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private FeedWebhook telegramHook() {
        TelegramFeed feed = TelegramFeed.builder().baseUrl(wm.baseUrl()).botToken(Secret.of("123:SECRET", "${TELEGRAM_BOT_TOKEN}"))
                .webhook("https://bot.example.com" + TELEGRAM, Secret.of("hook_secret-1", "${TELEGRAM_WEBHOOK_SECRET}"))
                .clock(TestSupport.CLOCK).retries(0, Duration.ZERO).build();
        return FeedWebhook.builder(feed, feed.webhook().orElseThrow()).cursors(cursors).path(TELEGRAM).build();
    }

    private FeedWebhook neynarHook(SimpleMeterRegistry registry) {
        FarcasterFeed feed = FarcasterFeed.builder().baseUrl(wm.baseUrl()).apiKey(Secret.of("NEYNAR-KEY", "${NEYNAR_API_KEY}"))
                .signerUuid(Secret.of("uuid", "${NEYNAR_SIGNER_UUID}")).fid(3000)
                .webhookSecret(Secret.of("neynar-hook-secret", "${NEYNAR_WEBHOOK_SECRET}")).retries(0, Duration.ZERO).build();
        return FeedWebhook.builder(feed, feed.webhook().orElseThrow()).cursors(cursors).path(NEYNAR).meterRegistry(registry).build();
    }

    private static Map<String, String> telegramSecret(String secret) {
        return Map.of("X-Telegram-Bot-Api-Secret-Token", secret);
    }

    /** The signature as Neynar documents it: hex HMAC-SHA512 of the body keyed with the webhook secret. */
    private static Map<String, String> neynarSignature(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        return Map.of("X-Neynar-Signature", HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void telegramCallsNeedTheSecretTokenAndAreDeliveredOnce() throws Exception {
        FeedWebhook hook = telegramHook();
        String update500 = fixture("telegram/webhook-update-500.json");
        try (WebhookServer server = new WebhookServer(hook)) {
            assertThat(server.post(TELEGRAM, update500, telegramSecret("hook_secret-1"))).as("not started: Telegram keeps it").isEqualTo(503);
            hook.start(sink);
            wm.verify(postRequestedFor(urlEqualTo("/bot123:SECRET/setWebhook"))
                    .withRequestBody(matchingJsonPath("$.url", equalTo("https://bot.example.com" + TELEGRAM)))
                    .withRequestBody(matchingJsonPath("$.secret_token", equalTo("hook_secret-1")))
                    .withRequestBody(matchingJsonPath("$.max_connections", equalTo("1")))
                    .withRequestBody(matchingJsonPath("$.allowed_updates", equalToJson("[\"message\"]"))));

            assertThat(server.post(TELEGRAM, update500, Map.of())).isEqualTo(401);
            assertThat(server.post(TELEGRAM, update500, telegramSecret("hook_secret-2"))).isEqualTo(401);
            assertThat(sink.events).isEmpty();

            // positive control: the right secret
            assertThat(server.post(TELEGRAM, update500, telegramSecret("hook_secret-1"))).isEqualTo(200);
            assertThat(sink.ids()).containsExactly("telegram:1001:11");
            assertThat(cursors.get("telegram:mentions:777")).contains("501");

            // Telegram repeats a call it got no answer to: the cursor drops it, as polling would
            assertThat(server.post(TELEGRAM, update500, telegramSecret("hook_secret-1"))).isEqualTo(200);
            assertThat(sink.ids()).containsExactly("telegram:1001:11");

            // a full inbox answers 503 and keeps the cursor, so Telegram sends the update again
            String update501 = fixture("telegram/webhook-update-501.json");
            sink.refuse = e -> true;
            assertThat(server.post(TELEGRAM, update501, telegramSecret("hook_secret-1"))).isEqualTo(503);
            assertThat(cursors.get("telegram:mentions:777")).contains("501");
            sink.refuse = e -> false;
            assertThat(server.post(TELEGRAM, update501, telegramSecret("hook_secret-1"))).isEqualTo(200);
            assertThat(sink.ids()).containsExactly("telegram:1001:11", "telegram:1001:12");

            assertThat(server.post(TELEGRAM, "{not json", telegramSecret("hook_secret-1"))).isEqualTo(400);
            assertThat(server.get(TELEGRAM)).isEqualTo(405);
            hook.close();
            assertThat(server.post(TELEGRAM, update501, telegramSecret("hook_secret-1"))).isEqualTo(503);
        }
    }

    @Test
    void neynarCallsNeedTheHmacSignatureAndAreDeliveredOnce() throws Exception {
        var registry = new SimpleMeterRegistry();
        FeedWebhook hook = neynarHook(registry);
        String mention = fixture("neynar/webhook-cast-created.json");
        try (WebhookServer server = new WebhookServer(hook)) {
            hook.start(sink);
            assertThat(server.post(NEYNAR, mention, Map.of())).isEqualTo(401);
            assertThat(server.post(NEYNAR, mention, neynarSignature("another-secret", mention))).isEqualTo(401);
            assertThat(server.post(NEYNAR, mention.replace("what do you think", "send me your ETH"),
                    neynarSignature("neynar-hook-secret", mention))).as("a body changed after signing").isEqualTo(401);
            assertThat(sink.events).isEmpty();

            // positive control: signed with the webhook's secret
            assertThat(server.post(NEYNAR, mention, neynarSignature("neynar-hook-secret", mention))).isEqualTo(200);
            assertThat(sink.ids()).containsExactly("farcaster:0xe01");
            String cursor = Instant.parse("2026-01-01T00:01:40Z").toEpochMilli() + ":0xe01";
            assertThat(cursors.get("farcaster:mentions:3000")).contains(cursor);

            assertThat(server.post(NEYNAR, mention, neynarSignature("neynar-hook-secret", mention))).as("sent again").isEqualTo(200);
            String notForUs = fixture("neynar/webhook-not-for-us.json");
            assertThat(server.post(NEYNAR, notForUs, neynarSignature("neynar-hook-secret", notForUs))).isEqualTo(200);
            assertThat(sink.ids()).containsExactly("farcaster:0xe01");

            // an older reply arriving late is delivered, and the cursor does not go back
            String late = fixture("neynar/webhook-reply-older.json");
            assertThat(server.post(NEYNAR, late, neynarSignature("neynar-hook-secret", late))).isEqualTo(200);
            assertThat(sink.ids()).containsExactly("farcaster:0xe01", "farcaster:0xd99");
            assertThat(cursors.get("farcaster:mentions:3000")).contains(cursor);
        }
        assertThat(registry.get("agentry.feed.webhook.calls").tag("outcome", "not_authentic").counter().count()).isEqualTo(3.0);
        assertThat(registry.get("agentry.feed.webhook.calls").tag("outcome", "delivered").counter().count()).isEqualTo(4.0);
    }

    @Test
    void builderFailsFast() {
        TelegramFeed feed = (TelegramFeed) telegramHook().feed();
        WebhookReceiver receiver = feed.webhook().orElseThrow();
        assertThatThrownBy(() -> FeedWebhook.builder(feed, receiver).path("no-slash")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-slash");
        assertThatThrownBy(() -> FeedWebhook.builder(feed, receiver).path("/a").path("/b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FeedWebhook.Builder.path");
        assertThatThrownBy(() -> FeedWebhook.builder(feed, receiver).path("/a").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cursors");
        assertThat(FeedWebhook.builder(feed, receiver).path("/a").cursors(cursors).build().path()).isEqualTo("/a");
        assertThatThrownBy(() -> TelegramFeed.builder().webhook("https://x", Secret.of("bad secret!", "${S}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${S}").hasMessageNotContaining("bad secret!");
    }
}
