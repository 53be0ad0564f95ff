package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Secret;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 1 of issue 15: X refuses the app-only bearer token on user-context endpoints. The stubs
 * answer as X does (403 "Unsupported Authentication" for {@code GET /2/users/me} and
 * {@code POST /2/tweets}); the feed reads with it only given the account's user id, never posts
 * with it, and says so in its check.
 */
class XAuthTest {
    private static final String APP_ONLY = "Bearer APP-ONLY-TOKEN";
    private WireMockServer wm;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        wm.stubFor(get("/2/users/me").withHeader("Authorization", equalTo(APP_ONLY)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json").withBody(fixture("x/unsupported-authentication.json"))));
        wm.stubFor(post("/2/tweets").withHeader("Authorization", equalTo(APP_ONLY)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json").withBody(fixture("x/unsupported-authentication.json"))));
        wm.stubFor(get("/2/users/me").withHeader("Authorization", matching("OAuth .*")).willReturn(okJson(fixture("x/users-me.json"))));
        wm.stubFor(post("/2/tweets").withHeader("Authorization", matching("OAuth .*")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(fixture("x/post-created.json"))));
        wm.stubFor(get("/2/users/42").willReturn(okJson(fixture("x/user-42.json"))));
        wm.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).willReturn(okJson(fixture("x/mentions-page2.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private XFeed.Builder builder() {
        return XFeed.builder().baseUrl(wm.baseUrl()).clock(TestSupport.CLOCK).sleeper(new TestSupport.RecordingSleeper())
                .retries(0, Duration.ZERO);
    }

    private XFeed oauth1() {
        return builder().oauth1(Secret.of("ck", "${X_API_KEY}"), Secret.of("cs", "${X_API_SECRET}"), Secret.of("at", "${X_ACCESS_TOKEN}"),
                Secret.of("ats", "${X_ACCESS_TOKEN_SECRET}")).build();
    }

    @Test
    void theAppOnlyTokenInTheUserTokenPlaceIsRefusedByXAsTheStubsSay() {
        // the old sample config: the portal's "Bearer Token" used as if it were a user token
        XFeed feed = builder().bearerToken(Secret.of("APP-ONLY-TOKEN", "${X_BEARER_TOKEN}")).build();
        assertThatThrownBy(feed::self).isInstanceOfSatisfying(FeedAuthException.class,
                e -> assertThat(e.httpStatus()).hasValue(403)).hasMessageNotContaining("APP-ONLY-TOKEN");
        // positive control: OAuth 1.0a user context is accepted by the same stubs
        assertThat(oauth1().self()).isEqualTo(new FeedAccount("42", "agentry_bot"));
    }

    @Test
    void theAppOnlyTokenReadsTheConfiguredUsersMentionsAndNeverPosts() {
        XFeed feed = builder().appOnly(Secret.of("APP-ONLY-TOKEN", "${X_BEARER_TOKEN}"), "42").build();
        assertThat(feed.read(Optional.of("100")).items()).extracting(i -> i.post().id()).containsExactly("101", "102");
        assertThat(feed.self()).isEqualTo(new FeedAccount("42", "agentry_bot"));
        assertThatThrownBy(() -> feed.publish(Draft.reply("101", "hi"))).isInstanceOfSatisfying(FeedException.class,
                e -> assertThat(e.reason()).isEqualTo(FeedException.Reason.UNSUPPORTED)).hasMessageContaining("app-only")
                .hasMessageContaining("agentry auth x").hasMessageNotContaining("APP-ONLY-TOKEN");
        wm.verify(0, getRequestedFor(urlPathEqualTo("/2/users/me")));
        wm.verify(0, postRequestedFor(urlPathEqualTo("/2/tweets")));
        wm.verify(getRequestedFor(urlPathEqualTo("/2/users/42/mentions")).withHeader("Authorization", equalTo(APP_ONLY)));

        // positive control: user context posts
        assertThat(oauth1().publish(Draft.reply("101", "hi")).id()).isEqualTo("1445880548472328192");
        wm.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")));
    }

    @Test
    void theCheckSaysBeforeStartWhatEachTokenCanDo() {
        FeedCheck appOnly = builder().appOnly(Secret.of("APP-ONLY-TOKEN", "${X_BEARER_TOKEN}"), "42").build().check();
        assertThat(appOnly.level()).isEqualTo(FeedCheck.Level.WARN);
        assertThat(appOnly.passed()).isTrue();
        assertThat(appOnly.findings()).anySatisfy(f -> assertThat(f.message()).contains("refuses it for posting")
                .contains("OAuth 1.0a").contains("agentry auth x"));
        assertThat(appOnly.toString()).doesNotContain("APP-ONLY-TOKEN");

        FeedCheck misused = builder().bearerToken(Secret.of("APP-ONLY-TOKEN", "${X_BEARER_TOKEN}")).build().check();
        assertThat(misused.level()).isEqualTo(FeedCheck.Level.FAIL);
        assertThat(misused.findings()).anySatisfy(f -> assertThat(f.message()).contains("403"));

        FeedCheck noTokensYet = builder().oauth2(XOAuth2Client.builder("cid").tokens(CursorStore.inMemory()).build()).build().check();
        assertThat(noTokensYet.level()).isEqualTo(FeedCheck.Level.FAIL);
        assertThat(noTokensYet.findings()).anySatisfy(f -> assertThat(f.message()).contains("run `agentry auth x`"));

        // positive control: user context passes cleanly
        FeedCheck user = oauth1().check();
        assertThat(user.level()).isEqualTo(FeedCheck.Level.OK);
        assertThat(user.findings()).extracting(FeedCheck.Finding::message)
                .containsExactly("x: authenticates with OAuth 1.0a user context", "x: signed in as agentry_bot (id 42)");
    }
}
