package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import dev.agentry.core.Event;
import dev.agentry.core.Secret;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 6 of issue 15, against stubs that answer as the Bot API does: the first start's backlog,
 * the update kinds asked for ({@code allowed_updates}), privacy mode read from {@code getMe}, and
 * the 409 of a webhook that blocks polling.
 */
class TelegramEdgeCasesTest {
    private static final String BOT = "/bot123:SECRET";
    private WireMockServer wm;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        wm.stubFor(post(BOT + "/getMe").willReturn(okJson(fixture("telegram/getMe.json"))));
        wm.stubFor(post(BOT + "/getWebhookInfo").willReturn(okJson(fixture("telegram/webhook-info-none.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    /** A feed started at {@link TestSupport#NOW}. */
    private TelegramFeed.Builder builder() {
        return TelegramFeed.builder().baseUrl(wm.baseUrl()).botToken(Secret.of("123:SECRET", "${TELEGRAM_BOT_TOKEN}"))
                .longPollTimeout(Duration.ZERO).clock(TestSupport.CLOCK).sleeper(new TestSupport.RecordingSleeper())
                .retries(1, Duration.ZERO);
    }

    @Test
    void theFirstStartSkipsTheBacklogSentBeforeItButConfirmsIt() {
        wm.stubFor(post(BOT + "/getUpdates").willReturn(okJson(fixture("telegram/backlog.json"))));
        FeedBatch batch = builder().build().read(Optional.empty());
        assertThat(batch.items()).extracting(i -> i.post().text()).containsExactly("hi bot (after start)");
        assertThat(batch.endCursor()).as("the skipped updates are confirmed too").contains("604");

        // positive controls: the backlog policy "deliver" answers it all, and a stored cursor is never second-guessed
        assertThat(builder().backlog(TelegramFeed.Backlog.DELIVER).build().read(Optional.empty()).items()).hasSize(4);
        assertThat(builder().build().read(Optional.of("600")).items()).hasSize(4);
    }

    @Test
    void onlyMessagesAreAskedForByDefaultAndEditsAndChannelPostsWhenConfigured() {
        wm.stubFor(post(BOT + "/getUpdates").willReturn(okJson(fixture("telegram/mixed-updates.json"))));
        FeedBatch plain = builder().build().read(Optional.of("700"));
        assertThat(plain.items()).extracting(i -> i.post().text()).containsExactly("first version");
        assertThat(plain.endCursor()).contains("704");
        wm.verify(postRequestedFor(urlEqualTo(BOT + "/getUpdates")).withRequestBody(matchingJsonPath("$.allowed_updates",
                equalToJson("[\"message\"]"))));

        TelegramFeed all = builder().updates(TelegramFeed.Update.MESSAGE, TelegramFeed.Update.EDITED_MESSAGE,
                TelegramFeed.Update.CHANNEL_POST, TelegramFeed.Update.EDITED_CHANNEL_POST).build();
        FeedBatch batch = all.read(Optional.of("700"));
        wm.verify(postRequestedFor(urlEqualTo(BOT + "/getUpdates")).withRequestBody(matchingJsonPath("$.allowed_updates",
                equalToJson("[\"message\",\"edited_message\",\"channel_post\",\"edited_channel_post\"]"))));
        assertThat(batch.items()).extracting(i -> i.post().text())
                .containsExactly("first version", "second version", "new release today", "new release today (fixed link)");
        Event original = all.toEvent(batch.items().get(0).post());
        Event edit = all.toEvent(batch.items().get(1).post());
        assertThat(edit.id()).isEqualTo("telegram:1001:30#edit-1767225620").isNotEqualTo(original.id());
        assertThat(edit.attributes()).containsEntry("social.post_id", "1001:30");
        FeedPost channelPost = batch.items().get(2).post();
        assertThat(channelPost.author()).isEqualTo(new FeedAccount("-1009876543210", "agentry_news"));
        assertThat(channelPost.attributes()).containsEntry("telegram.update_kind", "channel_post");
    }

    @Test
    void privacyModeIsReadFromGetMeAndWarnedAbout() {
        FeedCheck on = builder().allGroupMessages().build().check();
        assertThat(on.level()).isEqualTo(FeedCheck.Level.WARN);
        assertThat(on.findings()).anySatisfy(f -> assertThat(f.message()).contains("privacy mode is on")
                .contains("groupMessages 'all' cannot see the rest").contains("/setprivacy"));
        assertThat(on.toString()).doesNotContain("SECRET");

        // positive control: a bot with privacy mode off
        wm.stubFor(post(BOT + "/getMe").willReturn(okJson(fixture("telegram/getMe-privacy-off.json"))));
        FeedCheck off = builder().allGroupMessages().build().check();
        assertThat(off.level()).isEqualTo(FeedCheck.Level.OK);
        assertThat(off.findings()).noneSatisfy(f -> assertThat(f.message()).contains("privacy"));
    }

    @Test
    void aWebhookThatBlocksPollingIsAConflictNamingTheFixNotRetried() {
        wm.stubFor(post(BOT + "/getUpdates").willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody(fixture("telegram/conflict-webhook.json"))));
        assertThatThrownBy(() -> builder().build().read(Optional.of("1"))).isInstanceOfSatisfying(FeedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedException.Reason.CONFLICT);
            assertThat(e.httpStatus()).hasValue(409);
        }).hasMessageContaining("a webhook is set").hasMessageContaining("deleteWebhook").hasMessageNotContaining("SECRET");
        wm.verify(1, postRequestedFor(urlEqualTo(BOT + "/getUpdates")));
        wm.verify(0, postRequestedFor(urlEqualTo(BOT + "/deleteWebhook")));

        wm.stubFor(post(BOT + "/getWebhookInfo").willReturn(okJson(fixture("telegram/webhook-info-set.json"))));
        assertThat(builder().build().check().findings()).anySatisfy(f -> {
            assertThat(f.level()).isEqualTo(FeedCheck.Level.FAIL);
            assertThat(f.message()).contains("a webhook is set");
        });
    }

    @Test
    void aSecondPollerIsAConflictToo() {
        wm.stubFor(post(BOT + "/getUpdates").willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody(fixture("telegram/conflict-poller.json"))));
        assertThatThrownBy(() -> builder().deleteWebhookOnConflict().build().read(Optional.of("1")))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.reason()).isEqualTo(FeedException.Reason.CONFLICT))
                .hasMessageContaining("only one may poll");
        wm.verify(0, postRequestedFor(urlEqualTo(BOT + "/deleteWebhook")));
    }

    @Test
    void deleteWebhookOnConflictDeletesItAndPolls() {
        wm.stubFor(post(BOT + "/getUpdates").inScenario("hook").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse()
                .withStatus(409).withHeader("Content-Type", "application/json").withBody(fixture("telegram/conflict-webhook.json"))));
        wm.stubFor(post(BOT + "/deleteWebhook").inScenario("hook").willReturn(okJson(fixture("telegram/true.json"))).willSetStateTo("deleted"));
        wm.stubFor(post(BOT + "/getUpdates").inScenario("hook").whenScenarioStateIs("deleted").willReturn(okJson(fixture("telegram/updates.json"))));
        FeedBatch batch = builder().deleteWebhookOnConflict().build().read(Optional.of("500"));
        assertThat(batch.items()).hasSize(3);
        wm.verify(postRequestedFor(urlEqualTo(BOT + "/deleteWebhook")).withRequestBody(matchingJsonPath("$.drop_pending_updates", equalTo("false"))));
    }
}
