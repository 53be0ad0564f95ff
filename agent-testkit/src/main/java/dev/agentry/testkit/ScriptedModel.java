package dev.agentry.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted OpenAI-compatible chat endpoint for tests: WireMock on a free loopback port serves the
 * responses you queue, in order, to LangChain4j's real OpenAI client. Part of Agentry's test kit
 * (agent-testkit) for plugin authors.
 *
 * <pre>{@code
 * try (ScriptedModel model = ScriptedModel.start()) {
 *     model.thenToolCall("get_price", "{\"symbol\":\"ETH\"}").thenReply("ETH is at 3000.");
 *     ChatModel chat = model.chatModel();
 *     ...
 *     assertThat(model.requests()).hasSize(2);
 * }
 * }</pre>
 *
 * <p>When the script runs out, the endpoint answers 500 with a message saying so. Thread-safe for
 * one test at a time.
 */
public final class ScriptedModel implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCENARIO = "script";

    private final WireMockServer server;
    private final AtomicInteger steps = new AtomicInteger();
    private final AtomicInteger callIds = new AtomicInteger();

    private ScriptedModel(WireMockServer server) {
        this.server = server;
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(100)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"ScriptedModel: the script has no more responses\",\"type\":\"server_error\"}}")));
    }

    /**
     * Starts the endpoint on a free port of 127.0.0.1.
     *
     * @return the running scripted model
     */
    public static ScriptedModel start() {
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(16));
        server.start();
        return new ScriptedModel(server);
    }

    /**
     * Returns the base URL to give an OpenAI client, ending in {@code /v1}.
     *
     * @return the base URL
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /**
     * Returns the WireMock server, for custom stubs and verification.
     *
     * @return the server
     */
    public WireMockServer server() {
        return server;
    }

    /**
     * Builds LangChain4j's real OpenAI chat model pointed at this endpoint, without client-side
     * retries.
     *
     * @return the model
     */
    public ChatModel chatModel() {
        return OpenAiChatModel.builder()
                .baseUrl(baseUrl())
                .apiKey("test-key")
                .modelName("gpt-4o-mini")
                .timeout(Duration.ofSeconds(10))
                .maxRetries(0)
                .httpClientBuilder(JdkHttpClient.builder()
                        .httpClientBuilder(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)))
                .build();
    }

    /**
     * Queues a plain text reply.
     *
     * @param text the assistant's text
     * @return this
     */
    public ScriptedModel thenReply(String text) {
        return thenReply(text, 100, 20);
    }

    /**
     * Queues a plain text reply with given token usage.
     *
     * @param text the assistant's text
     * @param promptTokens reported prompt tokens
     * @param completionTokens reported completion tokens
     * @return this
     */
    public ScriptedModel thenReply(String text, int promptTokens, int completionTokens) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
        return then(completion(message, "stop", promptTokens, completionTokens));
    }

    /**
     * Queues a response asking for one tool call.
     *
     * @param tool the tool name
     * @param argumentsJson the arguments as the model would write them (need not be valid JSON)
     * @return this
     */
    public ScriptedModel thenToolCall(String tool, String argumentsJson) {
        return thenToolCalls(List.of(new Call(tool, argumentsJson)));
    }

    /**
     * Queues a response asking for several tool calls at once.
     *
     * @param calls the calls
     * @return this
     */
    public ScriptedModel thenToolCalls(List<Call> calls) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (Call call : calls) {
            ObjectNode tc = toolCalls.addObject();
            tc.put("id", "call_" + callIds.incrementAndGet());
            tc.put("type", "function");
            tc.putObject("function").put("name", call.tool()).put("arguments", call.argumentsJson());
        }
        return then(completion(message, "tool_calls", 120, 15));
    }

    /**
     * Queues an HTTP error, such as 429 or 500.
     *
     * @param status the status code
     * @param retryAfterSeconds a {@code Retry-After} header value, or negative for none
     * @return this
     */
    public ScriptedModel thenError(int status, int retryAfterSeconds) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"scripted error " + status + "\",\"type\":\"scripted\"}}");
        if (retryAfterSeconds >= 0) {
            response = response.withHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return then(response);
    }

    /**
     * Queues a raw response body with status 200 (for malformed or truncated bodies).
     *
     * @param body the body
     * @return this
     */
    public ScriptedModel thenRawBody(String body) {
        return then(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body));
    }

    /**
     * Queues a response that arrives after a delay (for timeouts).
     *
     * @param delay the delay
     * @param text the text that eventually arrives
     * @return this
     */
    public ScriptedModel thenSlowReply(Duration delay, String text) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
        return then(completion(message, "stop", 100, 20).withFixedDelay((int) delay.toMillis()));
    }

    /**
     * Returns the request bodies received so far, in order.
     *
     * @return the JSON bodies
     */
    public List<String> requests() {
        List<String> bodies = new ArrayList<>();
        for (LoggedRequest request : server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/v1/chat/completions")))) {
            bodies.add(request.getBodyAsString());
        }
        return bodies;
    }

    /**
     * Returns the request bodies received so far, parsed.
     *
     * @return the JSON bodies as objects
     */
    public List<ObjectNode> parsedRequests() {
        return requests().stream().map(body -> (ObjectNode) JSON.readTree(body)).toList();
    }

    /**
     * Returns how many scripted responses are still queued.
     *
     * @return the number of unused responses
     */
    public int remaining() {
        return steps.get() - requests().size();
    }

    @Override
    public void close() {
        server.stop();
    }

    private ScriptedModel then(ResponseDefinitionBuilder response) {
        int step = steps.getAndIncrement();
        String state = step == 0 ? Scenario.STARTED : "step-" + step;
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .inScenario(SCENARIO)
                .whenScenarioStateIs(state)
                .willSetStateTo("step-" + (step + 1))
                .willReturn(response));
        return this;
    }

    private static ResponseDefinitionBuilder completion(ObjectNode message, String finishReason, int promptTokens, int completionTokens) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-scripted");
        body.put("object", "chat.completion");
        body.put("created", 1_700_000_000L);
        body.put("model", "gpt-4o-mini");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason);
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
    }

    /**
     * One scripted tool call.
     *
     * @param tool the tool name
     * @param argumentsJson the arguments text
     */
    public record Call(String tool, String argumentsJson) {}
}
