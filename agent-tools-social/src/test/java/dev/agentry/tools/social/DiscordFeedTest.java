package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.Event;
import dev.agentry.core.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Discord feed against a local stand-in: WireMock for the REST API and a Jetty WebSocket server
 * for the gateway (HELLO, IDENTIFY, READY, MESSAGE_CREATE, heartbeats, RESUME).
 */
class DiscordFeedTest {
    private static final String TOKEN = "discord-TOKEN";
    private WireMockServer wm;
    private DiscordGatewayStandIn gateway;

    @BeforeEach
    void setUp() throws Exception {
        wm = TestSupport.startWireMock();
        gateway = new DiscordGatewayStandIn(TOKEN, 100);
        wm.stubFor(get("/gateway/bot").willReturn(okJson("{\"url\":\"" + gateway.url() + "\",\"shards\":1,"
                + "\"session_start_limit\":{\"total\":1000,\"remaining\":999,\"reset_after\":14400000,\"max_concurrency\":1}}")));
        wm.stubFor(get("/users/@me").willReturn(okJson(fixture("discord/users-me.json"))));
        wm.stubFor(post("/channels/1100/messages").willReturn(okJson(fixture("discord/sent.json"))));
    }

    @AfterEach
    void tearDown() throws Exception {
        gateway.close();
        wm.stop();
    }

    private DiscordFeed feed(String token) {
        return DiscordFeed.builder().baseUrl(wm.baseUrl()).botToken(Secret.of(token, "${DISCORD_BOT_TOKEN}")).channels("1100")
                .defaultChannel("1100").owners("7").retries(0, Duration.ZERO).build();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /** Reads until the feed returned at least {@code count} items; returns them and the last end cursor. */
    private static FeedBatch readUntil(DiscordFeed feed, Optional<String> cursor, int count) throws InterruptedException {
        List<FeedBatch.Item> items = new ArrayList<>();
        Optional<String> at = cursor;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (items.size() < count && System.nanoTime() < deadline) {
            FeedBatch batch = feed.read(at);
            items.addAll(batch.items());
            at = batch.endCursor().isPresent() ? batch.endCursor() : at;
            Thread.sleep(10);
        }
        assertThat(items).as("items read within 10 s").hasSizeGreaterThanOrEqualTo(count);
        return new FeedBatch(items, at);
    }

    @Test
    void mentionsAndRepliesInConfiguredChannelsBecomeEventsAndRepliesGoOverRest() throws Exception {
        try (DiscordFeed feed = feed(TOKEN)) {
            assertThat(feed.read(Optional.empty()).items()).isEmpty();
            JsonNode identify = gateway.received().get(0);
            assertThat(identify.path("op").asInt()).isEqualTo(2);
            assertThat(identify.path("d").path("token").asString()).isEqualTo(TOKEN);
            assertThat(identify.path("d").path("intents").asInt()).as("GUILD_MESSAGES only: no privileged intent").isEqualTo(1 << 9);
            assertThat(gateway.paths()).containsExactly("/?v=10&encoding=json");

            for (String message : List.of("mention", "chatter", "other-channel", "own", "reply-to-bot")) {
                gateway.dispatch("MESSAGE_CREATE", fixture("discord/" + message + ".json"));
            }
            FeedBatch batch = readUntil(feed, Optional.empty(), 2);
            assertThat(batch.items()).extracting(i -> i.post().id())
                    .containsExactly("1100:1200000000000000001", "1100:1200000000000000005");
            assertThat(batch.endCursor()).contains("1100=1200000000000000005");
            Event mention = feed.toEvent(batch.items().get(0).post());
            assertThat(mention.id()).isEqualTo("discord:1100:1200000000000000001");
            assertThat(mention.text()).isEqualTo("@agentry hello bot");
            assertThat(mention.author()).isEqualTo("alice");
            assertThat(mention.trust()).isEqualTo(dev.agentry.core.Trust.OWNER);
            assertThat(batch.items().get(1).post().inReplyTo()).contains("1100:1200000000000000004");

            String reply = FeedChannel.of(feed).reply(mention, "hello alice", "reply:agent-1:discord:1100:1200000000000000001");
            assertThat(reply).isEqualTo("1100:1200000000000000010");
            wm.verify(postRequestedFor(urlPathEqualTo("/channels/1100/messages"))
                    .withHeader("Authorization", equalTo("Bot " + TOKEN))
                    .withRequestBody(matchingJsonPath("$.content", equalTo("hello alice")))
                    .withRequestBody(matchingJsonPath("$.message_reference.message_id", equalTo("1200000000000000001")))
                    .withRequestBody(matchingJsonPath("$.allowed_mentions.parse", equalToJson("[]")))
                    .withRequestBody(matchingJsonPath("$.nonce", matching("[0-9a-f]{25}")))
                    .withRequestBody(matchingJsonPath("$.enforce_nonce", equalTo("true"))));

            await(() -> gateway.ops().contains(1), "a heartbeat within 10 s");
            assertThat(feed.toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void aDroppedConnectionResumesTheSessionAndMissesNothing() throws Exception {
        try (DiscordFeed feed = feed(TOKEN)) {
            feed.read(Optional.empty());
            gateway.dispatch("MESSAGE_CREATE", fixture("discord/mention.json"));
            FeedBatch first = readUntil(feed, Optional.empty(), 1);
            long seqBeforeDrop = 2;

            gateway.drop();
            await(() -> !gateway.connected(), "the stand-in dropped the connection");
            Thread.sleep(100);
            feed.read(first.endCursor());
            JsonNode resume = gateway.received().stream().filter(p -> p.path("op").asInt() == 6).findFirst().orElseThrow();
            assertThat(resume.path("d").path("session_id").asString()).isEqualTo(DiscordGatewayStandIn.SESSION);
            assertThat(resume.path("d").path("seq").asLong()).isEqualTo(seqBeforeDrop);
            assertThat(gateway.ops().stream().filter(op -> op == 2).count()).as("identified once, resumed after").isEqualTo(1);

            gateway.dispatch("MESSAGE_CREATE", fixture("discord/after-resume.json"));
            FeedBatch after = readUntil(feed, first.endCursor(), 1);
            assertThat(after.items()).extracting(i -> i.post().text()).containsExactly("@agentry are you back?");
        }
    }

    @Test
    void aRestartCatchesUpOverRestFromTheCursor() throws Exception {
        wm.stubFor(get(urlPathEqualTo("/channels/1100/messages")).withQueryParam("after", equalTo("1200000000000000006"))
                .withQueryParam("limit", equalTo("100")).willReturn(okJson(fixture("discord/missed.json"))));
        try (DiscordFeed feed = feed(TOKEN)) {
            FeedBatch batch = feed.read(Optional.of("1100=1200000000000000006"));
            assertThat(batch.items()).extracting(i -> i.post().text()).containsExactly("@agentry did you miss this?");
            assertThat(batch.endCursor()).contains("1100=1200000000000000008");
            // the same session does not catch up again
            assertThat(feed.read(batch.endCursor()).items()).isEmpty();
        }
        wm.verify(1, getRequestedFor(urlPathEqualTo("/channels/1100/messages")));
    }

    @Test
    void aRefusedTokenIsAnAuthFailureAndTheNextReadTriesAgain() throws Exception {
        try (DiscordFeed feed = feed("wrong-TOKEN")) {
            assertThatThrownBy(() -> feed.read(Optional.empty())).isInstanceOfSatisfying(FeedAuthException.class,
                    e -> assertThat(e.reason()).isEqualTo(FeedException.Reason.AUTH)).hasMessageContaining("4004")
                    .hasMessageNotContaining("wrong-TOKEN");
            assertThatThrownBy(() -> feed.read(Optional.empty())).isInstanceOf(FeedAuthException.class);
            assertThat(gateway.ops().stream().filter(op -> op == 2).count()).as("identified again on the second read").isEqualTo(2);
        }
    }

    @Test
    void postsNeedADefaultChannelOrAReplyAndFitIn2000Characters() {
        DiscordFeed noDefault = DiscordFeed.builder().baseUrl(wm.baseUrl()).botToken(Secret.of(TOKEN, "${T}")).channels("1100").build();
        assertThatThrownBy(() -> noDefault.publish(Draft.post("hi"))).isInstanceOfSatisfying(FeedException.class,
                e -> assertThat(e.reason()).isEqualTo(FeedException.Reason.INVALID_REQUEST)).hasMessageContaining("defaultChannel");
        assertThatThrownBy(() -> noDefault.publish(Draft.reply("1100:1", "a".repeat(2001)))).hasMessageContaining("2001 characters");
        wm.verify(0, postRequestedFor(urlPathEqualTo("/channels/1100/messages")));
        assertThat(feed(TOKEN).publish(Draft.post("hello alice")).id()).isEqualTo("1100:1200000000000000010");
        assertThatThrownBy(() -> DiscordFeed.builder().channels("general")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("general");
        assertThatThrownBy(() -> DiscordFeed.builder().botToken(Secret.of(TOKEN, "${T}")).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("channels");
    }
}
