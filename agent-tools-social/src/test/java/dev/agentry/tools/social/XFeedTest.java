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
import dev.agentry.core.Event;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The X connector against WireMock stubs shaped like X API v2 responses. */
class XFeedTest {
    private WireMockServer wm;
    private TestSupport.RecordingSleeper sleeper;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        sleeper = new TestSupport.RecordingSleeper();
        registry = new SimpleMeterRegistry();
        wm.stubFor(get("/2/users/me").willReturn(okJson(fixture("x/users-me.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private XFeed feed() {
        return XFeed.builder().baseUrl(wm.baseUrl()).bearerToken(Secret.of("test-token", "${X_BEARER_TOKEN}"))
                .owners("456").trusted("123").clock(TestSupport.CLOCK).sleeper(sleeper)
                .retries(3, Duration.ofMillis(10)).meterRegistry(registry).build();
    }

    private void stubTwoPagesSince(String sinceId) {
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo(sinceId))
                .withQueryParam("pagination_token", absent()).willReturn(okJson(fixture("x/mentions-page1.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo(sinceId))
                .withQueryParam("pagination_token", equalTo("7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"))
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
    }

    @Test
    void identifiesItsOwnAccountWithTheBearerToken() {
        assertThat(feed().self()).isEqualTo(new FeedAccount("42", "agentry_bot"));
        wm.verify(getRequestedFor(urlPathEqualTo("/2/users/me")).withHeader("Authorization", equalTo("Bearer test-token")));
    }

    @Test
    void readsAllPagesSinceTheCursorOldestFirstWithTrustAndUsernames() {
        stubTwoPagesSince("100");
        FeedBatch batch = feed().read(Optional.of("100"));
        assertThat(batch.items()).extracting(i -> i.post().id()).containsExactly("101", "102", "103", "104", "105");
        assertThat(batch.items()).extracting(FeedBatch.Item::cursor).containsExactly("101", "102", "103", "104", "105");
        assertThat(batch.endCursor()).contains("105");
        wm.verify(getRequestedFor(urlPathEqualTo("/2/users/42/mentions"))
                .withQueryParam("tweet.fields", equalTo("author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets"))
                .withQueryParam("expansions", equalTo("author_id")));

        Event owner = feed().toEvent(batch.items().get(3).post());
        assertThat(owner.id()).isEqualTo("x:104");
        assertThat(owner.source()).isEqualTo("x");
        assertThat(owner.author()).isEqualTo("the_owner");
        assertThat(owner.conversation()).isEqualTo("90");
        assertThat(owner.trust()).isEqualTo(Trust.OWNER);
        assertThat(owner.attributes()).containsEntry("x.tweet_id", "104").containsEntry("x.in_reply_to_tweet_id", "90")
                .containsEntry("social.post_id", "104");
        assertThat(feed().toEvent(batch.items().get(2).post()).trust()).isEqualTo(Trust.TRUSTED);
        assertThat(feed().toEvent(batch.items().get(0).post()).trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(registry.get("agentry.feed.requests").tag("feed", "x").tag("outcome", "ok").counter().count()).isEqualTo(3.0);
    }

    @Test
    void firstReadWithoutCursorReadsOnlyTheNewestPage() {
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", absent())
                .willReturn(okJson(fixture("x/mentions-page1.json"))));
        FeedBatch batch = feed().read(Optional.empty());
        assertThat(batch.items()).extracting(i -> i.post().id()).containsExactly("103", "104", "105");
        assertThat(batch.endCursor()).contains("105");
    }

    @Test
    void emptyResultLeavesTheCursor() {
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-empty.json"))));
        FeedBatch batch = feed().read(Optional.of("105"));
        assertThat(batch.items()).isEmpty();
        assertThat(batch.endCursor()).isEmpty();
    }

    @Test
    void skipsMalformedItemsAndOwnPostsButProcessesTheRest() {
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-malformed.json"))));
        FeedBatch batch = feed().read(Optional.of("200"));
        assertThat(batch.items()).extracting(i -> i.post().id()).containsExactly("210", "213");
        FeedPost noDate = batch.items().get(1).post();
        assertThat(noDate.createdAt()).isEqualTo(TestSupport.NOW);
        assertThat(noDate.conversation()).isEqualTo("213");
        assertThat(batch.endCursor()).contains("214");
    }

    @Test
    void waitsForTheRateLimitResetOn429() {
        long reset = TestSupport.NOW.getEpochSecond() + 30;
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("x-rate-limit-limit", "10").withHeader("x-rate-limit-remaining", "0")
                        .withHeader("x-rate-limit-reset", Long.toString(reset)).withBody(fixture("x/rate-limited.json")))
                .willSetStateTo("open"));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).inScenario("rl").whenScenarioStateIs("open")
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        FeedBatch batch = feed().read(Optional.of("100"));
        assertThat(batch.items()).hasSize(2);
        assertThat(sleeper.waits).contains(Duration.ofSeconds(30));
        assertThat(registry.get("agentry.feed.requests").tag("outcome", "rate_limited").counter().count()).isEqualTo(1.0);
    }

    @Test
    void waitsBeforeCallingWhenTheQuotaIsExhausted() {
        long reset = TestSupport.NOW.getEpochSecond() + 60;
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-page2.json"))
                .withHeader("x-rate-limit-remaining", "0").withHeader("x-rate-limit-reset", Long.toString(reset))));
        XFeed feed = feed();
        feed.read(Optional.of("100"));
        assertThat(sleeper.waits).isEmpty();
        feed.read(Optional.of("100"));
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void rateLimitLongerThanTheMaximumFailsWithRetryAfter() {
        long reset = TestSupport.NOW.getEpochSecond() + 3600;
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(aResponse().withStatus(429)
                .withHeader("x-rate-limit-remaining", "0").withHeader("x-rate-limit-reset", Long.toString(reset))));
        XFeed feed = XFeed.builder().baseUrl(wm.baseUrl()).bearerToken(Secret.of("t", "t")).clock(TestSupport.CLOCK)
                .sleeper(sleeper).maxRateLimitWait(Duration.ofMinutes(1)).build();
        assertThatThrownBy(() -> feed.read(Optional.of("1")))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FeedException.Reason.RATE_LIMITED);
                    assertThat(e.httpStatus()).hasValue(429);
                    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                });
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void retries5xxThroughCoresHttpRetry() {
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).inScenario("5xx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("again"));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).inScenario("5xx").whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).inScenario("5xx").whenScenarioStateIs("ok")
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        assertThat(feed().read(Optional.of("100")).items()).hasSize(2);
        wm.verify(3, getRequestedFor(urlPathEqualTo("/2/users/42/mentions")));
        assertThat(registry.get("agentry.feed.requests").tag("outcome", "server_error").counter().count()).isEqualTo(2.0);
        assertThat(sleeper.waits).as("5xx backoff is HttpRetry's (full jitter), not a rate-limit wait").isEmpty();
    }

    @Test
    void ioErrorsAreRetriedThenReportedAsUnavailable() throws Exception {
        int port;
        try (var closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        XFeed feed = XFeed.builder().baseUrl("http://127.0.0.1:" + port).bearerToken(Secret.of("test-token", "${X_BEARER_TOKEN}"))
                .retries(2, Duration.ofMillis(1)).meterRegistry(registry).build();
        assertThatThrownBy(feed::self).isInstanceOfSatisfying(FeedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedException.Reason.UNAVAILABLE);
            assertThat(e.httpStatus()).isEmpty();
        }).hasMessageContaining("I/O error").hasMessageContaining("after 2 retries").hasMessageNotContaining("test-token");
        assertThat(registry.get("agentry.feed.requests").tag("outcome", "io_error").counter().count()).isEqualTo(3.0);
    }

    @Test
    void gives5xxUpAfterTheRetries() {
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(aResponse().withStatus(502)));
        assertThatThrownBy(() -> feed().read(Optional.of("100"))).isInstanceOfSatisfying(FeedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedException.Reason.UNAVAILABLE);
            assertThat(e.httpStatus()).hasValue(502);
        }).isNotInstanceOf(FeedAuthException.class).hasMessageContaining("502");
        wm.verify(4, getRequestedFor(urlPathEqualTo("/2/users/42/mentions")));
    }

    @Test
    void unauthorizedIsAClearConfigurationErrorWithoutTheToken() {
        wm.stubFor(get("/2/users/me").willReturn(aResponse().withStatus(401).withBody(fixture("x/unauthorized.json"))));
        assertThatThrownBy(() -> feed().self()).isInstanceOfSatisfying(FeedAuthException.class, e -> {
            assertThat(e.feed()).isEqualTo("x");
            assertThat(e.httpStatus()).hasValue(401);
            assertThat(e.reason()).isEqualTo(FeedException.Reason.AUTH);
            assertThat(e.getMessage()).contains("x").contains("401").doesNotContain("test-token");
        });
        wm.verify(1, getRequestedFor(urlPathEqualTo("/2/users/me")));
    }

    @Test
    void repliesWithInReplyToTweetId() {
        wm.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(fixture("x/post-created.json"))));
        PostResult result = feed().publish(Draft.reply("104", "Hello"));
        assertThat(result).isEqualTo(new PostResult("x", "1445880548472328192", false));
        wm.verify(postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Hello")))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("104"))));
    }

    @Test
    void duplicateContentPointsToTheEarlierIdenticalPostWithItsRealId() {
        wm.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(fixture("x/post-duplicate.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/tweets")).willReturn(okJson(fixture("x/own-timeline.json"))));
        PostResult result = feed().publish(Draft.reply("104", "Hello & welcome"));
        assertThat(result).isEqualTo(new PostResult("x", "1445880548472328199", true));
        wm.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")));
    }

    @Test
    void duplicateContentWithoutAnEarlierPostIsATypedRefusalNotAFakeId() {
        wm.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(fixture("x/post-duplicate.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/tweets")).willReturn(okJson(fixture("x/own-timeline.json"))));
        // the timeline holds "Hello & welcome" as a reply to 104, not as a reply to 999 nor as a new post
        assertThatThrownBy(() -> feed().publish(Draft.reply("999", "Hello & welcome"))).isInstanceOfSatisfying(FeedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedException.Reason.DUPLICATE);
            assertThat(e.httpStatus()).hasValue(403);
        }).isNotInstanceOf(FeedAuthException.class).hasMessageContaining("nothing was posted");
        assertThatThrownBy(() -> feed().publish(Draft.post("gm"))).isInstanceOfSatisfying(FeedException.class,
                e -> assertThat(e.reason()).isEqualTo(FeedException.Reason.DUPLICATE));
        assertThatThrownBy(() -> new PostResult("x", "", true)).isInstanceOf(IllegalArgumentException.class);
        wm.verify(2, postRequestedFor(urlPathEqualTo("/2/tweets")));
    }

    @Test
    void forbiddenWithoutDuplicateIsAnAuthError() {
        wm.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(403).withBody("{\"title\":\"Forbidden\",\"status\":403}")));
        assertThatThrownBy(() -> feed().publish(Draft.post("Hello"))).isInstanceOf(FeedAuthException.class);
    }

    @Test
    void refusesTooLongTextBeforeSending() {
        assertThatThrownBy(() -> feed().publish(Draft.post("日".repeat(141))))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FeedException.Reason.INVALID_REQUEST);
                    assertThat(e.httpStatus()).isEmpty();
                }).hasMessageContaining("282 weighted characters, the limit is 280");
        wm.verify(0, postRequestedFor(urlPathEqualTo("/2/tweets")));
    }

    @Test
    void signsRequestsWithOAuth1UserKeys() {
        wm.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(201).withBody(fixture("x/post-created.json"))));
        XFeed feed = XFeed.builder().baseUrl(wm.baseUrl())
                .oauth1(Secret.of("ck", "a"), Secret.of("cs", "b"), Secret.of("at", "c"), Secret.of("ats", "d")).build();
        assertThat(feed.self().id()).isEqualTo("42");
        feed.publish(Draft.post("Hi"));
        String oauth = "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"[0-9a-f]{32}\", oauth_signature=\"[A-Za-z0-9%]+\", "
                + "oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"\\d+\", oauth_token=\"at\", oauth_version=\"1.0\"";
        wm.verify(getRequestedFor(urlPathEqualTo("/2/users/me")).withHeader("Authorization", matching(oauth)));
        wm.verify(postRequestedFor(urlPathEqualTo("/2/tweets")).withHeader("Authorization", matching(oauth)));
        assertThat(feed.toString()).doesNotContain("ck").doesNotContain("ats");
    }

    @Test
    void looksUpAPostAndItsConversation() {
        wm.stubFor(get(urlPathEqualTo("/2/tweets/104")).willReturn(okJson(fixture("x/tweet-lookup.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/tweets/search/recent")).withQueryParam("query", equalTo("conversation_id:90"))
                .willReturn(okJson(fixture("x/conversation-search.json"))));
        FeedThread thread = feed().lookup("104");
        assertThat(thread.post().author().handle()).isEqualTo("the_owner");
        assertThat(thread.thread()).extracting(FeedPost::id).containsExactly("90", "95");
    }

    @Test
    void builderFailsFast() {
        assertThatThrownBy(() -> XFeed.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> XFeed.builder().bearerToken(Secret.of("a", "a")).bearerToken(Secret.of("b", "b")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> XFeed.builder().baseUrl("ftp://nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XFeed.builder().paging(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XFeed.builder().baseUrl("http://127.0.0.1:1").baseUrl("http://127.0.0.1:2"))
                .isInstanceOf(IllegalStateException.class).hasMessage("XFeed.Builder.baseUrl is already set; each setting may be given once");
        assertThatThrownBy(() -> XFeed.builder().bearerToken(Secret.of("a", "a")).oauth1(Secret.of("b", "b"), Secret.of("c", "c"),
                Secret.of("d", "d"), Secret.of("e", "e"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("authentication");
        assertThatThrownBy(() -> XFeed.builder().retries(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThat(XFeed.builder().baseUrl(wm.baseUrl()).bearerToken(Secret.of("t", "t")).retries(0, Duration.ZERO).build().name())
                .isEqualTo("x");
    }
}
