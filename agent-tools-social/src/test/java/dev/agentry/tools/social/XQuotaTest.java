package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.Secret;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 3 of issue 15: X's quotas are per endpoint, some with 24-hour windows. The stubs answer
 * with X's headers ({@code x-rate-limit-*} for the 15-minute window, {@code x-user-limit-24hour-*}
 * for the daily posting cap); a used-up window holds up only its own endpoint.
 */
class XQuotaTest {
    private static final long NOW = TestSupport.NOW.getEpochSecond();
    private WireMockServer wm;
    private TestSupport.RecordingSleeper sleeper;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        sleeper = new TestSupport.RecordingSleeper();
        wm.stubFor(get("/2/users/me").willReturn(okJson(fixture("x/users-me.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/tweets/104")).willReturn(okJson(fixture("x/tweet-lookup.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/tweets/search/recent")).willReturn(okJson(fixture("x/conversation-search.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private XFeed feed() {
        return XFeed.builder().baseUrl(wm.baseUrl()).oauth1(Secret.of("ck", "a"), Secret.of("cs", "b"), Secret.of("at", "c"), Secret.of("ats", "d"))
                .clock(TestSupport.CLOCK).sleeper(sleeper).retries(0, Duration.ZERO).build();
    }

    @Test
    void theDailyPostingCapRefusesPostsAtOnceAndLeavesMentionsAlone() {
        // X's answer once the 24-hour user cap of POST /2/tweets is used up, its 15-minute window still open
        wm.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("x-rate-limit-limit", "100").withHeader("x-rate-limit-remaining", "99")
                .withHeader("x-rate-limit-reset", Long.toString(NOW + 600))
                .withHeader("x-user-limit-24hour-limit", "17").withHeader("x-user-limit-24hour-remaining", "0")
                .withHeader("x-user-limit-24hour-reset", Long.toString(NOW + 20 * 3600))
                .withBody(fixture("x/rate-limited.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-page2.json"))
                .withHeader("x-rate-limit-remaining", "449").withHeader("x-rate-limit-reset", Long.toString(NOW + 900))));
        XFeed feed = feed();

        assertThatThrownBy(() -> feed.publish(Draft.post("gm"))).isInstanceOfSatisfying(FeedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedException.Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofHours(20));
        });
        assertThatThrownBy(() -> feed.publish(Draft.post("gm again"))).isInstanceOfSatisfying(FeedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedException.Reason.RATE_LIMITED);
            assertThat(e.httpStatus()).as("known from the first answer, not asked again").isEmpty();
        }).hasMessageContaining("24-hour user quota");
        wm.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")));

        // positive control: reading mentions goes on, without waiting
        assertThat(feed.read(Optional.of("100")).items()).hasSize(2);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void aUsedUpWindowHoldsUpOnlyItsOwnEndpoint() {
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-page2.json"))
                .withHeader("x-rate-limit-remaining", "0").withHeader("x-rate-limit-reset", Long.toString(NOW + 600))));
        XFeed feed = feed();
        feed.read(Optional.of("100"));

        assertThat(feed.lookup("104").post().id()).isEqualTo("104");
        assertThat(sleeper.waits).as("a lookup does not wait for the mentions window").isEmpty();

        // positive control: the mentions endpoint itself waits for its reset
        feed.read(Optional.of("100"));
        assertThat(sleeper.waits).containsExactly(Duration.ofMinutes(10));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/2/tweets/104")));
    }

    @Test
    void aWindowThatReopensIsNoLongerWaitedFor() {
        var clock = new TestSupport.MutableClock(TestSupport.NOW);
        XFeed feed = XFeed.builder().baseUrl(wm.baseUrl()).bearerToken(Secret.of("t", "t")).clock(clock).sleeper(sleeper)
                .retries(0, Duration.ZERO).build();
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-page2.json"))
                .withHeader("x-rate-limit-remaining", "0").withHeader("x-rate-limit-reset", Long.toString(NOW + 60))));
        feed.read(Optional.of("100"));
        clock.advance(Duration.ofSeconds(61));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-page2.json"))
                .withHeader("x-rate-limit-remaining", "74").withHeader("x-rate-limit-reset", Long.toString(NOW + 961))));
        feed.read(Optional.of("100"));
        feed.read(Optional.of("100"));
        assertThat(sleeper.waits).isEmpty();
    }
}
