package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.agentry.tools.social.TestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.CursorStore;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Persona;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import dev.agentry.core.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Through the real agent loop: a mention on the stubbed X API is answered by a scripted
 * (WireMock-served, OpenAI-compatible) model, the reply is posted in reply to the mention, and a
 * restart over the same journal and cursor store posts nothing more.
 */
class SocialEndToEndTest {
    private WireMockServer x;
    private ScriptedModel model;

    @BeforeEach
    void setUp() {
        x = TestSupport.startWireMock();
        model = ScriptedModel.start();
        x.stubFor(get("/2/users/me").willReturn(okJson(fixture("x/users-me.json"))));
        x.stubFor(post("/2/tweets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(fixture("x/post-created.json"))));
    }

    @AfterEach
    void tearDown() {
        model.close();
        x.stop();
    }

    private XFeed feed() {
        return XFeed.builder().baseUrl(x.baseUrl()).bearerToken(Secret.of("e2e-token", "${X_BEARER_TOKEN}"))
                .retries(1, Duration.ofMillis(10)).build();
    }

    private Agent agent(XFeed feed, CursorStore cursors) {
        FeedPoller poller = FeedPoller.builder(feed).cursors(cursors).interval(Duration.ofMillis(50), Duration.ofMillis(10)).build();
        return Agent.builder("bot").persona(Persona.of("Bot", "A friendly bot on X."))
                .model(model.chatModel()).trigger(poller).channel(FeedChannel.of(feed))
                .tools(SocialTools.builder().feed(feed).build().tools()).build();
    }

    @Test
    void mentionIsAnsweredOnceAcrossARestart() throws Exception {
        x.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", absent())
                .willReturn(okJson(fixture("x/mentions-page2.json"))));
        x.stubFor(get(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("102"))
                .willReturn(okJson(fixture("x/mentions-empty.json"))));
        model.thenReply("Thanks for the mention, one!").thenReply("Thanks for the mention, two!");

        var journal = new InMemoryJournal();
        var cursors = CursorStore.inMemory();
        var memory = new InMemoryMemory();
        try (AgentRuntime runtime = AgentRuntime.builder().journal(journal).cursors(cursors).memory(memory).build()) {
            runtime.register(agent(feed(), cursors));
            runtime.start();
            await(() -> x.findAll(postRequestedFor(urlPathEqualTo("/2/tweets"))).size() >= 2
                    && x.findAll(getRequestedFor(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", equalTo("102"))).size() >= 1);
        }
        x.verify(postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("101")))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Thanks for the mention, one!"))));
        x.verify(postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.reply.in_reply_to_tweet_id", equalTo("102"))));
        assertThat(cursors.get("x:mentions:42")).contains("102");

        // restart: new runtime, new feed and poller, same journal and cursor store
        int postsBefore = x.findAll(postRequestedFor(urlPathEqualTo("/2/tweets"))).size();
        int pollsBefore = x.findAll(getRequestedFor(urlPathEqualTo("/2/users/42/mentions"))).size();
        try (AgentRuntime runtime = AgentRuntime.builder().journal(journal).cursors(cursors).memory(memory).build()) {
            runtime.register(agent(feed(), cursors));
            runtime.start();
            await(() -> x.findAll(getRequestedFor(urlPathEqualTo("/2/users/42/mentions"))).size() >= pollsBefore + 3);
        }
        assertThat(x.findAll(postRequestedFor(urlPathEqualTo("/2/tweets")))).hasSize(postsBefore);
        assertThat(x.findAll(getRequestedFor(urlPathEqualTo("/2/users/42/mentions")).withQueryParam("since_id", absent()))).hasSize(1);
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void autonomousPostIsWrittenByTheModelAndPublishedWithSocialPost() throws Exception {
        model.thenToolCall("social_post", "{\"text\":\"Shipping beats planning. What did you ship today?\"}")
                .thenReply("Posted a question about shipping.");
        XFeed feed = feed();
        Persona persona = new Persona("Bot", List.of("A builder."), List.of(), Optional.empty(), Persona.Style.none(),
                List.of("shipping"), List.of(), List.of(), List.of("ship it"), List.of(), Map.of());
        AutonomousPostTrigger trigger = AutonomousPostTrigger.builder(feed).persona(persona).build();
        try (AgentRuntime runtime = AgentRuntime.builder().build()) {
            runtime.register(Agent.builder("bot").persona(persona).model(model.chatModel()).channel(FeedChannel.of(feed))
                    .tools(SocialTools.builder().feed(feed).build().tools()).build());
            runtime.start();
            TurnResult result = runtime.submit("bot", trigger.nextEvent()).get(20, TimeUnit.SECONDS);
            assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        }
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")));
        x.verify(postRequestedFor(urlPathEqualTo("/2/tweets"))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Shipping beats planning. What did you ship today?")))
                .withRequestBody(matchingJsonPath("$.reply", absent())));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(20);
        }
    }
}
