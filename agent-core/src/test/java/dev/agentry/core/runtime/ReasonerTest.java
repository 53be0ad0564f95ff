package dev.agentry.core.runtime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.ChatModels;
import dev.agentry.core.Event;
import dev.agentry.core.Limits;
import dev.agentry.core.ModelCall;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.DailyTokenBudget;
import dev.agentry.core.internal.turn.Reasoner;
import dev.agentry.core.internal.turn.Turn;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reason, against LangChain4j's real OpenAI client and a WireMock server. */
class ReasonerTest {
    private static final String COMPLETIONS = "/v1/chat/completions";

    private WireMockServer server;
    private final PipelineFixture fixture = new PipelineFixture(Map.of(), Limits.defaults());
    private final DailyTokenBudget budget = new DailyTokenBudget(150, Clock.systemUTC());
    private Reasoner reasoner;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        var model = ChatModels.create(ModelConfig.openAi(server.baseUrl() + "/v1", "gpt-4o-mini", Secret.of("sk-test", "${KEY}")).withMaxAttempts(1));
        reasoner = new Reasoner(fixture.agent, model, budget);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static String completion(String usage) {
        return """
                {"id":"c1","object":"chat.completion","created":1,"model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}]%s}""".formatted(usage);
    }

    private static Turn turn() {
        Turn turn = PipelineFixture.turn(Event.of("e1", "local", "alice", "c1", "hi", Trust.OWNER));
        turn.messages().add(SystemMessage.from("You are a helpful bot."));
        turn.messages().add(UserMessage.from("[local] alice (owner): hi"));
        return turn;
    }

    @Test
    void aCallIsRecordedWithTheProvidersTokensAndSpendsTheDailyBudget() {
        server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson(completion(
                ",\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":60,\"total_tokens\":160}"))));
        Turn turn = turn();

        assertThat(reasoner.reason(turn, List.of()).text()).isEqualTo("Hello");

        assertThat(turn.modelCalls()).singleElement().satisfies(call -> {
            assertThat(call.inputTokens()).isEqualTo(100);
            assertThat(call.outputTokens()).isEqualTo(60);
            assertThat(call.finishReason()).isEqualTo("stop");
        });
        assertThat(budget.exhausted()).isTrue();
        assertThat(fixture.registry.get("agentry.model.tokens").tag("direction", "in").counter().count()).isEqualTo(100);
    }

    @Test
    void withoutReportedUsageTheInputIsCountedWithTheTokenizer() {
        server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson(completion(""))));
        Turn turn = turn();

        reasoner.reason(turn, List.of());

        assertThat(turn.modelCalls()).singleElement().extracting(ModelCall::inputTokens).satisfies(in -> assertThat(in).isBetween(8, 30));
        assertThat(budget.exhausted()).isFalse();
    }

    @Test
    void aFailedCallFailsTheStepAndIsRecordedAsAnError() {
        server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"bad request\"}}")));
        Turn turn = turn();

        assertThatThrownBy(() -> reasoner.reason(turn, List.of())).hasMessageStartingWith("model call failed: ").hasMessageContaining("bad request");
        assertThat(turn.modelCalls()).singleElement().extracting(ModelCall::finishReason).isEqualTo("error");
    }

    @Test
    void anAbandonedTurnCallsNoModel() {
        server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson(completion(""))));
        Turn turn = turn();
        turn.abandon();

        assertThatThrownBy(() -> reasoner.reason(turn, List.of())).hasMessageContaining("abandoned");
        server.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)));
    }
}
