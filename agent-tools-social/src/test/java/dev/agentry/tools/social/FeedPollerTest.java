package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Secret;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exactly-once delivery: the durable cursor moves only after an event is accepted. */
class FeedPollerTest {
    private WireMockServer wm;
    private final CursorStore cursors = CursorStore.inMemory();

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        wm.stubFor(get("/2/users/me").willReturn(okJson(fixture("x/users-me.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private XFeed feed() {
        return XFeed.builder().baseUrl(wm.baseUrl()).bearerToken(Secret.of("t", "${X}")).clock(TestSupport.CLOCK)
                .sleeper(new TestSupport.RecordingSleeper()).retries(1, Duration.ZERO).build();
    }

    private FeedPoller poller(XFeed feed) {
        return FeedPoller.builder(feed).cursors(cursors).interval(Duration.ofMillis(10), Duration.ofMillis(5))
                .sleeper(new TestSupport.RecordingSleeper()).build();
    }

    @Test
    void restartInTheMiddleOfAPageRedeliversOnlyTheRest() {
        cursors.put("x:mentions:42", "100");
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("100"))
                .withQueryParam("pagination_token", absent()).willReturn(okJson(fixture("x/mentions-page1.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("100"))
                .withQueryParam("pagination_token", equalTo("7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"))
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        var sink = new TestSupport.RecordingSink();
        sink.refuse = e -> e.id().equals("x:103");

        assertThat(poller(feed()).pollOnce(sink)).isEqualTo(2);
        assertThat(sink.ids()).containsExactly("x:101", "x:102");
        assertThat(sink.pages).as("the poll's posts go to the inbox as one page").containsExactly(5);
        assertThat(cursors.get("x:mentions:42")).contains("102");

        // "restart": a new feed and poller over the same cursor store; X now answers since_id=102
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("102"))
                .willReturn(okJson(fixture("x/mentions-page1.json"))));
        sink.refuse = e -> false;
        assertThat(poller(feed()).pollOnce(sink)).isEqualTo(3);
        assertThat(sink.ids()).containsExactly("x:101", "x:102", "x:103", "x:104", "x:105");
        assertThat(cursors.get("x:mentions:42")).contains("105");

        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("105"))
                .willReturn(okJson(fixture("x/mentions-empty.json"))));
        assertThat(poller(feed()).pollOnce(sink)).isZero();
        assertThat(sink.ids()).hasSize(5);
    }

    @Test
    void skippedItemsStillMoveTheCursorOnceEverythingIsDelivered() {
        cursors.put("x:mentions:42", "200");
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-malformed.json"))));
        var sink = new TestSupport.RecordingSink();
        assertThat(poller(feed()).pollOnce(sink)).isEqualTo(2);
        assertThat(cursors.get("x:mentions:42")).contains("214");
    }

    /** What the poller looked like each time it waited. */
    private record Wait(Duration duration, boolean healthy, double gauge) {}

    private FeedPoller watchedPoller(Feed feed, SimpleMeterRegistry registry, List<Wait> waits) {
        AtomicReference<FeedPoller> self = new AtomicReference<>();
        FeedPoller poller = FeedPoller.builder(feed).cursors(cursors).interval(Duration.ofMillis(10), Duration.ZERO)
                .meterRegistry(registry, "agent-1").sleeper(d -> {
                    waits.add(new Wait(d, self.get().health().healthy(),
                            registry.get("agentry.feed.healthy").tag("feed", feed.name()).tag("agent", "agent-1").gauge().value()));
                    Thread.sleep(5);
                }).build();
        self.set(poller);
        return poller;
    }

    @Test
    void refusedCredentialsMakeTheFeedUnhealthyBackOffLongAndRecover() throws Exception {
        // X refuses the credentials twice (revoked; the operator fixes them meanwhile), then accepts them
        wm.stubFor(get("/2/users/me").inScenario("auth").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody(fixture("x/unauthorized.json"))).willSetStateTo("still refused"));
        wm.stubFor(get("/2/users/me").inScenario("auth").whenScenarioStateIs("still refused")
                .willReturn(aResponse().withStatus(401).withBody(fixture("x/unauthorized.json"))).willSetStateTo("fixed"));
        wm.stubFor(get("/2/users/me").inScenario("auth").whenScenarioStateIs("fixed").willReturn(okJson(fixture("x/users-me.json"))));
        cursors.put("x:mentions:42", "100");
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("100"))
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("102"))
                .willReturn(okJson(fixture("x/mentions-empty.json"))));
        var registry = new SimpleMeterRegistry();
        List<Wait> waits = new CopyOnWriteArrayList<>();
        var sink = new TestSupport.RecordingSink();
        FeedPoller poller = watchedPoller(feed(), registry, waits);
        poller.start(sink);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((sink.events.size() < 2 || waits.size() < 4) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        poller.close();

        assertThat(waits.subList(0, 2)).as("unhealthy, with a long backoff that doubles, gauge at 0")
                .containsExactly(new Wait(Duration.ofMinutes(5), false, 0.0), new Wait(Duration.ofMinutes(10), false, 0.0));
        assertThat(waits.get(2)).as("healthy again after the credentials work").isEqualTo(new Wait(Duration.ofMillis(10), true, 1.0));
        assertThat(sink.ids()).containsExactly("x:101", "x:102");
        assertThat(poller.health()).isEqualTo(FeedHealth.HEALTHY);
        assertThat(poller.authFailure()).isEmpty();
        assertThat(registry.get("agentry.feed.failures").tag("reason", "auth").counter().count()).isEqualTo(2.0);
        wm.verify(3, getRequestedFor(urlPathEqualTo("/2/users/me")));
    }

    @Test
    void whileUnhealthyTheProblemIsReportedWithoutSecrets() throws Exception {
        wm.stubFor(get("/2/users/me").willReturn(aResponse().withStatus(401).withBody(fixture("x/unauthorized.json"))));
        var registry = new SimpleMeterRegistry();
        List<Wait> waits = new CopyOnWriteArrayList<>();
        FeedPoller poller = watchedPoller(feed(), registry, waits);
        poller.start(new TestSupport.RecordingSink());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waits.size() < 9 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        poller.close();
        assertThat(poller.health().healthy()).isFalse();
        assertThat(poller.health().since()).isPresent();
        assertThat(poller.authFailure()).get().satisfies(e -> assertThat(e.getMessage()).contains("401").doesNotContain("Bearer"));
        assertThat(waits).extracting(Wait::duration).as("doubling, capped at an hour; it never stops trying")
                .startsWith(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40),
                        Duration.ofHours(1), Duration.ofHours(1));
        assertThat(waits).extracting(Wait::gauge).containsOnly(0.0);
    }

    @Test
    void aTelegramWebhookConflictIsUnhealthyNotRetriedEverySecondAndRecovers() throws Exception {
        String bot = "/bot123:SECRET";
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(bot + "/getMe").willReturn(okJson(fixture("telegram/getMe.json"))));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(bot + "/getUpdates").inScenario("hook")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody(fixture("telegram/conflict-webhook.json"))).willSetStateTo("removed"));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(bot + "/getUpdates").inScenario("hook")
                .whenScenarioStateIs("removed").willReturn(okJson(fixture("telegram/updates.json"))));
        cursors.put("telegram:mentions:777", "500");
        TelegramFeed feed = TelegramFeed.builder().baseUrl(wm.baseUrl()).botToken(Secret.of("123:SECRET", "${TELEGRAM_BOT_TOKEN}"))
                .longPollTimeout(Duration.ZERO).clock(TestSupport.CLOCK).retries(0, Duration.ZERO).build();
        var registry = new SimpleMeterRegistry();
        List<Wait> waits = new CopyOnWriteArrayList<>();
        var sink = new TestSupport.RecordingSink();
        FeedPoller poller = watchedPoller(feed, registry, waits);
        poller.start(sink);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.events.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        poller.close();
        assertThat(waits.get(0)).isEqualTo(new Wait(Duration.ofMinutes(5), false, 0.0));
        assertThat(waits.get(1)).as("healthy once the webhook is gone").isEqualTo(new Wait(Duration.ofMillis(10), true, 1.0));
        assertThat(sink.events).hasSize(3);
        assertThat(registry.get("agentry.feed.failures").tag("reason", "conflict").counter().count()).isEqualTo(1.0);
    }

    @Test
    void backgroundPollingDeliversAndKeepsGoingAfterFailures() throws Exception {
        cursors.put("x:mentions:42", "100");
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("100"))
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("102"))
                .willReturn(aResponse().withStatus(500)));
        var sink = new TestSupport.RecordingSink();
        try (FeedPoller poller = FeedPoller.builder(feed()).cursors(cursors).interval(Duration.ofMillis(5), Duration.ZERO).build()) {
            poller.start(sink);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (wm.findAll(getRequestedFor(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("102"))).size() < 4
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertThat(sink.ids()).containsExactly("x:101", "x:102");
        assertThat(cursors.get("x:mentions:42")).contains("102");
    }
}
