package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.agentry.core.CursorStore;
import dev.agentry.tools.social.internal.OAuth2Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 2 of issue 15: X's OAuth 2.0 user tokens expire after 2 hours. The stubs answer as X does:
 * the old access token gets 401 once expired, the token endpoint rotates the refresh token. The feed
 * refreshes before expiry (and once after a 401), stores the rotated pair first, and recovers from a
 * refused refresh token as soon as new tokens are stored.
 */
class XOAuth2RefreshTest {
    private static final String SCOPE = "tweet.read tweet.write users.read offline.access";
    private static final String TOKEN_PATH = "/2/oauth2/token";
    private WireMockServer wm;
    private TestSupport.MutableClock clock;
    private CursorStore store;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        clock = new TestSupport.MutableClock(TestSupport.NOW);
        store = CursorStore.inMemory();
        store.put("x:oauth2:cid", new OAuth2Tokens("ACCESS-1", "REFRESH-1", TestSupport.NOW.plus(Duration.ofHours(2)), SCOPE).toStored());
        wm.stubFor(get("/2/users/me").willReturn(okJson(fixture("x/users-me.json"))));
        // the 2-hour expiry: ACCESS-1 works until the token is expired, then X answers 401
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withHeader("Authorization", equalTo("Bearer ACCESS-1"))
                .inScenario("token").whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(fixture("x/mentions-page2.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withHeader("Authorization", equalTo("Bearer ACCESS-1"))
                .inScenario("token").whenScenarioStateIs("expired").willReturn(aResponse().withStatus(401).withBody(fixture("x/unauthorized.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withHeader("Authorization", equalTo("Bearer ACCESS-2"))
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        wm.stubFor(post(TOKEN_PATH).withRequestBody(containing("refresh_token=REFRESH-1"))
                .willReturn(okJson(fixture("x/token-refreshed.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private XOAuth2Client client() {
        return XOAuth2Client.builder("cid").tokens(store).endpoints(wm.baseUrl() + TOKEN_PATH, wm.baseUrl() + "/i/oauth2/authorize")
                .clock(clock).build();
    }

    private XFeed feed(XOAuth2Client client) {
        return XFeed.builder().baseUrl(wm.baseUrl()).oauth2(client).clock(clock).sleeper(new TestSupport.RecordingSleeper())
                .retries(0, Duration.ZERO).build();
    }

    private OAuth2Tokens stored() {
        return store.get("x:oauth2:cid").flatMap(OAuth2Tokens::fromStored).orElseThrow();
    }

    @Test
    void theTokenIsRefreshedBeforeItsTwoHourExpiryAndTheRotatedPairIsStoredFirst() {
        XFeed feed = feed(client());
        assertThat(feed.read(Optional.of("100")).items()).hasSize(2);
        wm.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

        clock.advance(Duration.ofMinutes(116));
        wm.setScenarioState("token", "expired");
        assertThat(feed.read(Optional.of("100")).items()).hasSize(2);

        wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=REFRESH-1&client_id=cid")));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/2/users/42/mentions")).withHeader("Authorization", equalTo("Bearer ACCESS-1")));
        assertThat(stored()).isEqualTo(new OAuth2Tokens("ACCESS-2", "REFRESH-2", clock.instant().plusSeconds(7200), SCOPE));

        // a restart reads the rotated pair and does not refresh again
        assertThat(feed(client()).read(Optional.of("100")).items()).hasSize(2);
        wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    @Test
    void aRefusedAccessTokenIsRefreshedOnceAndTheCallRepeated() {
        // X refuses ACCESS-1 early (revoked, clock skew): 401 before the local expiry
        wm.setScenarioState("token", "expired");
        assertThat(feed(client()).read(Optional.of("100")).items()).extracting(i -> i.post().id()).containsExactly("101", "102");
        wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        assertThat(stored().refreshToken()).isEqualTo("REFRESH-2");
    }

    @Test
    void aRefusedRefreshTokenFailsAsAuthUntilNewTokensAreStoredThenRecoversWithoutARestart() {
        wm.stubFor(post(TOKEN_PATH).withRequestBody(containing("refresh_token=REFRESH-1"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(fixture("x/token-invalid-grant.json"))));
        XFeed feed = feed(client());
        clock.advance(Duration.ofHours(3));
        wm.setScenarioState("token", "expired");
        assertThatThrownBy(() -> feed.read(Optional.of("100"))).isInstanceOfSatisfying(FeedAuthException.class,
                e -> assertThat(e.httpStatus()).hasValue(400)).hasMessageContaining("run `agentry auth x` again")
                .hasMessageNotContaining("REFRESH-1").hasMessageNotContaining("ACCESS-1").hasMessageNotContaining("was invalid");

        // the operator runs `agentry auth x`, which stores a new pair; the same feed picks it up
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withHeader("Authorization", equalTo("Bearer ACCESS-3"))
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        store.put("x:oauth2:cid", new OAuth2Tokens("ACCESS-3", "REFRESH-3", clock.instant().plusSeconds(7200), SCOPE).toStored());
        assertThat(feed.read(Optional.of("100")).items()).hasSize(2);
    }

    @Test
    void tokensNeverReachTheLog() {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            XFeed feed = feed(client());
            clock.advance(Duration.ofHours(2));
            feed.read(Optional.of("100"));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("refreshing the OAuth 2.0 access token");
        assertThat(log).doesNotContain("ACCESS-1", "ACCESS-2", "REFRESH-1", "REFRESH-2");
        assertThat(client().toString()).doesNotContain("ACCESS", "REFRESH");
        assertThat(stored().toString()).doesNotContain("ACCESS", "REFRESH");
    }
}
