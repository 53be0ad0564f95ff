package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.OAuth2Tokens;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code agentry auth x} flow: OAuth 2.0 Authorization Code with PKCE against a stand-in token
 * endpoint, the browser's redirect simulated by an HTTP call to the 127.0.0.1 callback.
 */
class XAuthFlowTest {
    private static final String TOKEN_PATH = "/2/oauth2/token";
    private final HttpClient browser = HttpClient.newHttpClient();
    private WireMockServer wm;
    private CursorStore store;

    @BeforeEach
    void setUp() {
        wm = TestSupport.startWireMock();
        store = CursorStore.inMemory();
        wm.stubFor(post(TOKEN_PATH).withRequestBody(containing("grant_type=authorization_code"))
                .willReturn(okJson(fixture("x/token-granted.json"))));
    }

    @AfterEach
    void tearDown() {
        wm.stop();
    }

    private XOAuth2Client.Builder client() {
        return XOAuth2Client.builder("cid").tokens(store).endpoints(wm.baseUrl() + TOKEN_PATH, "https://x.com/i/oauth2/authorize");
    }

    private static Map<String, String> query(String url) {
        Map<String, String> values = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return values;
    }

    private HttpResponse<String> redirect(String redirectUri, String query) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(redirectUri + "?" + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCallbackExchangesTheCodeWithThePkceVerifierAndStoresTheTokens() throws Exception {
        try (XAuthFlow.Pending pending = XAuthFlow.builder(client().build()).callbackPort(0).build().start()) {
            assertThat(pending.redirectUri()).matches("http://127\\.0\\.0\\.1:\\d+/callback");
            Map<String, String> asked = query(pending.authorizeUrl());
            assertThat(pending.authorizeUrl()).startsWith("https://x.com/i/oauth2/authorize?");
            assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", "cid")
                    .containsEntry("redirect_uri", pending.redirectUri()).containsEntry("code_challenge_method", "S256")
                    .containsEntry("scope", "tweet.read tweet.write users.read offline.access");

            // a callback that does not carry this authorization's state is refused and exchanges nothing
            assertThat(redirect(pending.redirectUri(), "state=forged&code=evil").statusCode()).isEqualTo(400);
            wm.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));

            // positive control: the real redirect
            HttpResponse<String> answer = redirect(pending.redirectUri(), "state=" + asked.get("state") + "&code=THE-CODE");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("authorized");
            XOAuth2Client.Grant grant = pending.await(Duration.ofSeconds(5));
            assertThat(grant.scope()).contains("offline.access");

            LoggedRequest exchange = wm.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).get(0);
            Map<String, String> form = query("http://x/?" + exchange.getBodyAsString());
            assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("code", "THE-CODE")
                    .containsEntry("redirect_uri", pending.redirectUri()).containsEntry("client_id", "cid");
            assertThat(XAuthFlow.challenge(form.get("code_verifier"))).as("S256 of the verifier is the challenge sent")
                    .isEqualTo(asked.get("code_challenge"));
            assertThat(form.get("code_verifier")).matches("[A-Za-z0-9_-]{43,128}");
        }
        OAuth2Tokens stored = store.get("x:oauth2:cid").flatMap(OAuth2Tokens::fromStored).orElseThrow();
        assertThat(stored.accessToken()).isEqualTo("ACCESS-1");
        assertThat(stored.refreshToken()).isEqualTo("REFRESH-1");
    }

    @Test
    void runPrintsTheUrlAndAConfidentialClientAuthenticatesWithBasic() throws Exception {
        XOAuth2Client client = client().clientSecret(Secret.of("client-SECRET", "${X_CLIENT_SECRET}")).build();
        List<String> printed = new ArrayList<>();
        CompletableFuture<XOAuth2Client.Grant> run = CompletableFuture.supplyAsync(() ->
                XAuthFlow.builder(client).callbackPort(0).build().run(line -> {
                    synchronized (printed) {
                        printed.add(line);
                        printed.notifyAll();
                    }
                }, Duration.ofSeconds(10)));
        String url;
        synchronized (printed) {
            while (printed.size() < 3) {
                printed.wait(5000);
            }
            url = printed.get(2);
        }
        Map<String, String> asked = query(url);
        assertThat(redirect(asked.get("redirect_uri"), "state=" + asked.get("state") + "&code=C").statusCode()).isEqualTo(200);
        assertThat(run.get().scope()).contains("tweet.write");
        assertThat(printed).last().asString().contains("tokens stored under x:oauth2:cid");
        assertThat(String.join("\n", printed)).doesNotContain("ACCESS-1", "REFRESH-1", "client-SECRET");
        String basic = Base64.getEncoder().encodeToString("cid:client-SECRET".getBytes(StandardCharsets.UTF_8));
        wm.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withHeader("Authorization", equalTo("Basic " + basic)));
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).get(0).getBodyAsString()).doesNotContain("client_id");
    }

    @Test
    void aDeniedAuthorizationOrARefusedCodeFailsAsAuth() throws Exception {
        try (XAuthFlow.Pending pending = XAuthFlow.builder(client().build()).callbackPort(0).build().start()) {
            String state = query(pending.authorizeUrl()).get("state");
            assertThat(redirect(pending.redirectUri(), "state=" + state + "&error=access_denied").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> pending.await(Duration.ofSeconds(5))).isInstanceOf(FeedAuthException.class)
                    .hasMessageContaining("access_denied");
        }
        wm.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the authorization code was invalid.\"}")));
        try (XAuthFlow.Pending pending = XAuthFlow.builder(client().build()).callbackPort(0).build().start()) {
            String state = query(pending.authorizeUrl()).get("state");
            assertThat(redirect(pending.redirectUri(), "state=" + state + "&code=stale").statusCode()).isEqualTo(502);
            assertThatThrownBy(() -> pending.await(Duration.ofSeconds(5))).isInstanceOfSatisfying(FeedAuthException.class,
                    e -> assertThat(e.httpStatus()).hasValue(400)).hasMessageContaining("invalid_request");
        }
        assertThat(store.get("x:oauth2:cid")).isEmpty();
        assertThatThrownBy(() -> XAuthFlow.builder(client().build()).callbackPort(70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> XAuthFlow.builder(client().build()).callbackPort(1).callbackPort(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("callbackPort");
    }
}
