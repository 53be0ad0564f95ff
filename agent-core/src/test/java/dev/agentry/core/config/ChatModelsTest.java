package dev.agentry.core.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.ChatModels;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.ChatModels.Backoff;
import dev.agentry.core.Secret;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatModelsTest {
    static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));
    static final String COMPLETIONS = "/v1/chat/completions";
    static final String OK_BODY = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}""";

    WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    ModelConfig openAi(int attempts) {
        return ModelConfig.openAi("http://127.0.0.1:" + server.port() + "/v1", "gpt-4o-mini", Secret.of("sk-test-key", "${OPENAI_API_KEY}"))
                .withMaxAttempts(attempts);
    }

    @Test
    void retriesAfter429HonouringRetryAfter() {
        server.stubFor(post(urlEqualTo(COMPLETIONS)).inScenario("rate").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"))
                .willSetStateTo("open"));
        server.stubFor(post(urlEqualTo(COMPLETIONS)).inScenario("rate").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK_BODY)));
        ChatModel model = ChatModels.create(openAi(4), FAST);

        long started = System.nanoTime();
        String answer = model.chat("hi");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer).isEqualTo("Hello");
        server.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS))
                .withHeader("Authorization", equalTo("Bearer sk-test-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini"))));
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(900);
    }

    @Test
    void retryAfterAsHttpDateIsUnderstood() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
        server.stubFor(post(urlEqualTo(COMPLETIONS)).inScenario("date").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", date))
                .willSetStateTo("up"));
        server.stubFor(post(urlEqualTo(COMPLETIONS)).inScenario("date").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK_BODY)));

        assertThat(ChatModels.create(openAi(2), FAST).chat("hi")).isEqualTo("Hello");
        server.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
    }

    @Test
    void gives500UpAfterMaxAttempts() {
        server.stubFor(post(urlEqualTo(COMPLETIONS))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"The server had an error\"}}")));
        ChatModel model = ChatModels.create(openAi(3), FAST);

        assertThatThrownBy(() -> model.chat("hi"))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("The server had an error");
        server.verify(3, postRequestedFor(urlEqualTo(COMPLETIONS)));
    }

    @Test
    void doesNotRetry400() {
        server.stubFor(post(urlEqualTo(COMPLETIONS))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"Invalid 'messages'\"}}")));
        ChatModel model = ChatModels.create(openAi(4), FAST);

        assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(InvalidRequestException.class).hasMessageContaining("Invalid 'messages'");
        server.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)));
    }

    @Test
    void retriesTimeoutsThenGivesUp() {
        server.stubFor(post(urlEqualTo(COMPLETIONS))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1_000).withHeader("Content-Type", "application/json").withBody(OK_BODY)));
        ChatModel model = ChatModels.create(openAi(2).withTimeout(Duration.ofMillis(300)), FAST);

        assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(TimeoutException.class);
        server.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
    }

    @Test
    void localEndpointWithoutKeyAndOutputLimit() {
        server.stubFor(post(urlEqualTo(COMPLETIONS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK_BODY)));
        ModelConfig config = ModelConfig.openAi("http://127.0.0.1:" + server.port() + "/v1", "llama3", Secret.of("", "none")).withMaxOutputTokens(64);

        assertThat(ChatModels.create(config, FAST).chat("hi")).isEqualTo("Hello");
        server.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("64"))));
    }

    @Test
    void anthropicModelTalksToMessagesApi() {
        server.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
                 "content":[{"type":"text","text":"Hi from Claude"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":12,"output_tokens":5}}""")));
        ModelConfig config = new ModelConfig("anthropic", Optional.of("http://127.0.0.1:" + server.port() + "/v1/"), "claude-3-5-haiku-latest",
                Secret.of("sk-ant-test", "${ANTHROPIC_API_KEY}"), Duration.ofSeconds(10), 2, Optional.of(256));

        assertThat(ChatModels.create(config, FAST).chat("hello")).isEqualTo("Hi from Claude");
        server.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo("sk-ant-test"))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("256"))));
    }

    @Test
    void unknownProviderIsRefused() {
        ModelConfig config = new ModelConfig("gemini", Optional.empty(), "m", Secret.of("", "none"), Duration.ofSeconds(1), 1, Optional.empty());

        assertThatThrownBy(() -> ChatModels.create(config)).isInstanceOf(ConfigException.class).hasMessageContaining("gemini");
    }

    @Test
    void withRetriesRetriesRetriableFailuresOnly() {
        AtomicInteger calls = new AtomicInteger();
        ChatModel flaky = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                if (calls.incrementAndGet() < 3) {
                    throw new RateLimitException("slow down");
                }
                return ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();
            }
        };
        assertThat(ChatModels.withRetries(flaky, 3, FAST).chat("hi")).isEqualTo("ok");
        assertThat(calls).hasValue(3);

        calls.set(0);
        ChatModel broken = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                calls.incrementAndGet();
                throw new InvalidRequestException("bad request");
            }
        };
        assertThatThrownBy(() -> ChatModels.withRetries(broken, 3, FAST).chat("hi")).isInstanceOf(InvalidRequestException.class);
        assertThat(calls).hasValue(1);

        calls.set(0);
        ChatModel down = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                calls.incrementAndGet();
                throw new InternalServerException("down");
            }
        };
        assertThatThrownBy(() -> ChatModels.withRetries(down, 2, FAST).chat("hi")).isInstanceOf(InternalServerException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void backoffStaysWithinBounds() {
        Backoff backoff = Backoff.defaults();
        for (int retry = 1; retry <= 40; retry++) {
            assertThat(backoff.delay(retry)).isBetween(Duration.ZERO, Duration.ofSeconds(20));
        }
        assertThat(backoff.retryAfter(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
