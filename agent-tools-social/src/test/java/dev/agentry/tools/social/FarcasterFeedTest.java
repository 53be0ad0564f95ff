package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Farcaster connector against WireMock stubs shaped like Neynar v2 responses. */
class FarcasterFeedTest {
    private static final String CURSOR_999 = Instant.parse("2026-01-01T00:00:30Z").toEpochMilli() + ":0x999";
    private WireMockServer wm;
    private TestSupport.RecordingSleeper sleeper;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        sleeper = new TestSupport.RecordingSleeper();
        wm.stubFor(get(urlPathEqualTo("/v2/farcaster/user/bulk")).withQueryParam("fids", equalTo("3000"))
                .willReturn(okJson(fixture("neynar/user-bulk.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private FarcasterFeed feed() {
        return FarcasterFeed.builder().baseUrl(wm.baseUrl()).apiKey(Secret.of("NEYNAR-KEY", "${NEYNAR_API_KEY}"))
                .signerUuid(Secret.of("19d0c5fd-9b33-4a48-a0e2-bc7b0555baec", "${NEYNAR_SIGNER_UUID}")).fid(3000)
                .trusted("11").sleeper(sleeper).retries(2, Duration.ofMillis(1)).build();
    }

    private void stubPages() {
        wm.stubFor(get(urlPathEqualTo("/v2/farcaster/notifications")).withQueryParam("cursor", absent())
                .willReturn(okJson(fixture("neynar/notifications-page1.json"))));
        wm.stubFor(get(urlPathEqualTo("/v2/farcaster/notifications"))
                .withQueryParam("cursor", equalTo("eyJ0aW1lc3RhbXAiOiIyMDI2LTAxLTAxIDAwOjAxOjMwIn0="))
                .willReturn(okJson(fixture("neynar/notifications-page2.json"))));
    }

    @Test
    void readsMentionsAndRepliesBackToTheCursorOldestFirst() {
        stubPages();
        FarcasterFeed feed = feed();
        FeedBatch batch = feed.read(Optional.of(CURSOR_999));
        assertThat(batch.items()).extracting(i -> i.post().id()).containsExactly("0xfff", "0xddd", "0xccc");
        assertThat(batch.endCursor()).contains(Instant.parse("2026-01-01T00:03:00Z").toEpochMilli() + ":0xccc");
        wm.verify(getRequestedFor(urlPathEqualTo("/v2/farcaster/notifications")).withQueryParam("fid", equalTo("3000"))
                .withQueryParam("type", equalTo("mentions,replies")).withHeader("x-api-key", equalTo("NEYNAR-KEY")));
        wm.verify(0, getRequestedFor(urlPathEqualTo("/v2/farcaster/notifications")).withQueryParam("cursor", equalTo("older")));

        FeedPost reply = batch.items().get(2).post();
        assertThat(reply.conversation()).isEqualTo("0xaaa");
        assertThat(reply.inReplyTo()).contains("0xbbb");
        assertThat(feed.toEvent(batch.items().get(1).post()).trust()).isEqualTo(Trust.TRUSTED);
        assertThat(feed.toEvent(reply).attributes()).containsEntry("farcaster.hash", "0xccc");

        // the cursor after the second item: the next read returns only the newest
        FeedBatch again = feed.read(Optional.of(batch.items().get(1).cursor()));
        assertThat(again.items()).extracting(i -> i.post().id()).containsExactly("0xccc");
    }

    @Test
    void firstReadWithoutCursorReadsOneNewestPage() {
        stubPages();
        FeedBatch batch = feed().read(Optional.empty());
        assertThat(batch.items()).extracting(i -> i.post().id()).containsExactly("0xddd", "0xccc");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/v2/farcaster/notifications")));
    }

    @Test
    void publishesRepliesWithSignerParentAndIdem() {
        wm.stubFor(post("/v2/farcaster/cast").willReturn(okJson(fixture("neynar/cast-published.json"))));
        PostResult result = feed().publish(Draft.reply("0xccc", "thanks").withIdempotencyKey("agent-1:farcaster:0xccc:reply"));
        assertThat(result.id()).isEqualTo("0x71d5225f77e0164388b1d4c120825f3a2c1f131c");
        wm.verify(postRequestedFor(urlPathEqualTo("/v2/farcaster/cast")).withHeader("x-api-key", equalTo("NEYNAR-KEY"))
                .withRequestBody(matchingJsonPath("$.signer_uuid", equalTo("19d0c5fd-9b33-4a48-a0e2-bc7b0555baec")))
                .withRequestBody(matchingJsonPath("$.parent", equalTo("0xccc")))
                .withRequestBody(matchingJsonPath("$.idem", matching("[0-9a-f]{16}"))));
    }

    @Test
    void waitsRetryAfterOn429() {
        wm.stubFor(post("/v2/farcaster/cast").inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3").withBody("{\"message\":\"Rate limit exceeded\"}"))
                .willSetStateTo("ok"));
        wm.stubFor(post("/v2/farcaster/cast").inScenario("rl").whenScenarioStateIs("ok").willReturn(okJson(fixture("neynar/cast-published.json"))));
        feed().publish(Draft.post("hello"));
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void checks320BytesBeforeSending() {
        assertThatThrownBy(() -> feed().publish(Draft.post("é".repeat(161))))
                .hasMessageContaining("322 UTF-8 bytes, the limit is 320");
        wm.verify(0, postRequestedFor(urlPathEqualTo("/v2/farcaster/cast")));
    }

    @Test
    void badKeyIsAnAuthError() {
        wm.stubFor(get(urlPathEqualTo("/v2/farcaster/user/bulk")).willReturn(aResponse().withStatus(401)
                .withBody("{\"code\":\"Unauthorized\",\"message\":\"Invalid API key\"}")));
        assertThatThrownBy(() -> feed().read(Optional.empty())).isInstanceOfSatisfying(FeedAuthException.class,
                e -> assertThat(e.getMessage()).contains("farcaster").doesNotContain("NEYNAR-KEY"));
    }

    @Test
    void aLookupIncludesTheParentsOfTheCastOldestFirst() {
        // finding 7 of issue 15: Neynar returns the casts above only when asked (include_chronological_parent_casts)
        wm.stubFor(get(urlPathEqualTo("/v2/farcaster/cast/conversation")).withQueryParam("identifier", equalTo("0xccc"))
                .withQueryParam("include_chronological_parent_casts", equalTo("true"))
                .willReturn(okJson(fixture("neynar/conversation-with-parents.json"))));
        FeedThread thread = feed().lookup("0xccc");
        assertThat(thread.post().text()).isEqualTo("nice take");
        assertThat(thread.thread()).extracting(FeedPost::id).containsExactly("0xaaa", "0xbbb", "0xddd");
        assertThat(thread.thread().get(0).text()).isEqualTo("root");
    }

    @Test
    void looksUpAConversation() {
        wm.stubFor(get(urlPathEqualTo("/v2/farcaster/cast/conversation")).withQueryParam("identifier", equalTo("0xaaa"))
                .withQueryParam("type", equalTo("hash")).willReturn(okJson(fixture("neynar/conversation.json"))));
        FeedThread thread = feed().lookup("0xaaa");
        assertThat(thread.post().text()).isEqualTo("root");
        assertThat(thread.thread()).extracting(FeedPost::id).containsExactly("0xbbb", "0xccc");
    }
}
