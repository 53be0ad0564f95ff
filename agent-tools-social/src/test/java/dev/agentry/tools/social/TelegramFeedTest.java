package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Event;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Telegram connector against WireMock stubs shaped like Bot API responses. */
class TelegramFeedTest {
    private static final String BOT = "/bot123:SECRET";
    private WireMockServer wm;
    private TestSupport.RecordingSleeper sleeper;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        sleeper = new TestSupport.RecordingSleeper();
        wm.stubFor(post(BOT + "/getMe").willReturn(okJson(fixture("telegram/getMe.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private TelegramFeed.Builder builder() {
        return TelegramFeed.builder().baseUrl(wm.baseUrl()).botToken(Secret.of("123:SECRET", "${TELEGRAM_BOT_TOKEN}"))
                .longPollTimeout(Duration.ZERO).owners("1001").sleeper(sleeper).retries(2, Duration.ofMillis(1)).clock(TestSupport.CLOCK);
    }

    @Test
    void readsPrivateMessagesAndGroupMentionsAndRepliesWithOffsetCursor() {
        wm.stubFor(post(BOT + "/getUpdates").withRequestBody(matchingJsonPath("$.offset", equalTo("500")))
                .withRequestBody(matchingJsonPath("$.timeout", equalTo("0")))
                .willReturn(okJson(fixture("telegram/updates.json"))));
        TelegramFeed feed = builder().build();
        FeedBatch batch = feed.read(Optional.of("500"));
        assertThat(batch.items()).extracting(i -> i.post().id())
                .containsExactly("1001:11", "-1001234567890:41", "-1001234567890:42");
        assertThat(batch.items()).extracting(FeedBatch.Item::cursor).containsExactly("501", "503", "504");
        assertThat(batch.endCursor()).contains("507");

        Event alice = feed.toEvent(batch.items().get(0).post());
        assertThat(alice.id()).isEqualTo("telegram:1001:11");
        assertThat(alice.conversation()).isEqualTo("1001");
        assertThat(alice.author()).isEqualTo("alice");
        assertThat(alice.trust()).isEqualTo(Trust.OWNER);
        assertThat(alice.attributes()).containsEntry("telegram.chat_id", "1001").containsEntry("telegram.message_id", "11");
        Event bob = feed.toEvent(batch.items().get(1).post());
        assertThat(bob.author()).isEqualTo("Bob");
        assertThat(bob.trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(batch.items().get(2).post().inReplyTo()).contains("-1001234567890:39");
    }

    @Test
    void canDeliverEveryGroupMessage() {
        wm.stubFor(post(BOT + "/getUpdates").willReturn(okJson(fixture("telegram/updates.json"))));
        FeedBatch batch = builder().allGroupMessages().build().read(Optional.empty());
        assertThat(batch.items()).extracting(i -> i.post().id()).contains("-1001234567890:40");
    }

    @Test
    void pollerStoresNextOffset() {
        wm.stubFor(post(BOT + "/getUpdates").willReturn(okJson(fixture("telegram/updates.json"))));
        CursorStore cursors = CursorStore.inMemory();
        var sink = new TestSupport.RecordingSink();
        FeedPoller poller = FeedPoller.builder(builder().build()).cursors(cursors).build();
        assertThat(poller.pollOnce(sink)).isEqualTo(3);
        assertThat(cursors.get("telegram:mentions:777")).contains("507");
    }

    @Test
    void repliesWithReplyParameters() {
        wm.stubFor(post(BOT + "/sendMessage").willReturn(okJson(fixture("telegram/sent.json"))));
        PostResult result = builder().build().publish(Draft.reply("-1001234567890:41", "hello"));
        assertThat(result.id()).isEqualTo("-1001234567890:43");
        wm.verify(postRequestedFor(urlEqualTo(BOT + "/sendMessage"))
                .withRequestBody(matchingJsonPath("$.chat_id", equalTo("-1001234567890")))
                .withRequestBody(matchingJsonPath("$.text", equalTo("hello")))
                .withRequestBody(matchingJsonPath("$.reply_parameters.message_id", equalTo("41"))));
    }

    @Test
    void postsToTheDefaultChatOrRefuses() {
        wm.stubFor(post(BOT + "/sendMessage").willReturn(okJson(fixture("telegram/sent.json"))));
        assertThatThrownBy(() -> builder().build().publish(Draft.post("hi"))).isInstanceOf(FeedException.class)
                .hasMessageContaining("defaultChat");
        builder().defaultChat("@agentry_news").build().publish(Draft.post("hi"));
        wm.verify(postRequestedFor(urlEqualTo(BOT + "/sendMessage")).withRequestBody(matchingJsonPath("$.chat_id", equalTo("@agentry_news"))));
    }

    @Test
    void waitsRetryAfterOn429() {
        wm.stubFor(post(BOT + "/sendMessage").inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(fixture("telegram/too-many.json")))
                .willSetStateTo("ok"));
        wm.stubFor(post(BOT + "/sendMessage").inScenario("rl").whenScenarioStateIs("ok").willReturn(okJson(fixture("telegram/sent.json"))));
        builder().build().publish(Draft.reply("-1001234567890:41", "hello"));
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void badTokenIsAnAuthErrorThatNeverShowsTheToken() {
        wm.stubFor(post(BOT + "/getMe").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(fixture("telegram/unauthorized.json"))));
        assertThatThrownBy(() -> builder().build().self()).isInstanceOfSatisfying(FeedAuthException.class, e -> {
            assertThat(e.httpStatus()).hasValue(401);
            assertThat(e.getMessage()).contains("telegram").doesNotContain("SECRET");
        });
        assertThat(builder().build().toString()).doesNotContain("SECRET");
    }

    @Test
    void blockedByAUserIsNotAnAuthError() {
        wm.stubFor(post(BOT + "/sendMessage").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}")));
        assertThatThrownBy(() -> builder().build().publish(Draft.reply("1001:11", "hi")))
                .isInstanceOf(FeedException.class).isNotInstanceOf(FeedAuthException.class)
                .hasMessageContaining("blocked by the user");
    }

    @Test
    void serverErrorsAreRetriedAndReportedWithoutTheToken() {
        wm.stubFor(post(BOT + "/getUpdates").willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> builder().build().read(Optional.empty())).isInstanceOf(FeedException.class)
                .hasMessageNotContaining("SECRET").hasMessageContaining("getUpdates");
        wm.verify(3, postRequestedFor(urlEqualTo(BOT + "/getUpdates")));
    }

    @Test
    void refusesMessagesOverTheLimitAndCannotLookUp() {
        assertThatThrownBy(() -> builder().build().publish(Draft.reply("1:1", "a".repeat(4097))))
                .hasMessageContaining("4097 characters, the limit is 4096");
        assertThatThrownBy(() -> builder().build().lookup("1:1")).isInstanceOfSatisfying(FeedException.class,
                e -> assertThat(e.reason()).isEqualTo(FeedException.Reason.UNSUPPORTED));
    }
}
