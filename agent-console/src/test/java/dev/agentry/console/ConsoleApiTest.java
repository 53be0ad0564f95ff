package dev.agentry.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Limits;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's HTTP API: who may call it, CSRF, binding, dead letters, and that the token never comes back. */
class ConsoleApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final String token = TipChain.token();
    private AgentRuntime runtime;
    private OperatorConsole console;

    /** Answers "ok"; a message containing "explode" fails the model call, so the turn fails. */
    private static final ChatModel MODEL = new ChatModel() {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            if (request.messages().get(request.messages().size() - 1) instanceof UserMessage u && u.singleText().contains("explode")) {
                throw new IllegalStateException("model is down");
            }
            return ChatResponse.builder().aiMessage(AiMessage.from("ok")).tokenUsage(new TokenUsage(7, 3)).build();
        }
    };

    @BeforeEach
    void start() {
        runtime = AgentRuntime.builder().discoverPlugins(false).retryBackoff(Duration.ZERO).build();
        runtime.register(Agent.builder("a1").persona(Persona.of("A", "Answers.")).model(MODEL).limits(Limits.defaults().withMaxAttempts(1)).build());
        runtime.start();
        console = OperatorConsole.builder().runtime(runtime).port(0).operatorToken(Secret.of(token, "${CONSOLE_TOKEN}"))
                .dataFile(dir.resolve("console.db")).build().start();
    }

    @AfterEach
    void stop() {
        console.close();
        runtime.close();
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(console.uri().resolve(path));
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(console.uri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpClient loggedIn() throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> login = send(client, HttpRequest.newBuilder(console.uri().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(token);
        return client;
    }

    @Test
    void everyPageAndApiCallNeedsTheOperatorToken() throws Exception {
        HttpClient anonymous = HttpClient.newHttpClient();
        assertThat(send(anonymous, get("/api/agents")).statusCode()).isEqualTo(401);
        assertThat(send(anonymous, get("/api/events")).statusCode()).isEqualTo(401);
        assertThat(send(anonymous, get("/")).statusCode()).isEqualTo(302);
        assertThat(send(anonymous, get("/app.js")).statusCode()).isEqualTo(302);
        assertThat(send(anonymous, get("/api/agents").header("Authorization", "Bearer " + TipChain.token())).statusCode()).isEqualTo(401);

        HttpResponse<String> bearer = send(anonymous, get("/api/agents").header("Authorization", "Bearer " + token));
        assertThat(bearer.statusCode()).as("control: the operator token opens it").isEqualTo(200);
        assertThat(JSON.readTree(bearer.body()).get("agents").get(0).get("id").asString()).isEqualTo("a1");
        assertThat(bearer.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        assertThat(send(loggedIn(), get("/")).body()).contains("Agentry operator console").doesNotContain(token);
    }

    @Test
    void aStateChangeFromABrowserSessionNeedsTheCsrfTokenAndTheConsolesOrigin() throws Exception {
        runtime.submit("a1", Event.of("e1", "local", "bob", "c1", "please explode", Trust.OWNER)).get(10, TimeUnit.SECONDS);
        HttpClient browser = loggedIn();
        JsonNode session = JSON.readTree(send(browser, get("/api/session")).body());
        assertThat(session.get("operator").asString()).isEqualTo("operator");
        String csrf = session.get("csrf").asString();
        JsonNode letter = JSON.readTree(send(browser, get("/api/dead-letters")).body()).get("deadLetters").get(0);
        String key = "{\"agent\":\"a1\",\"eventId\":\"e1\",\"at\":\"" + letter.get("at").asString() + "\"}";

        assertThat(send(browser, post("/api/dead-letters/discard", key)).statusCode()).isEqualTo(403);
        assertThat(send(browser, post("/api/dead-letters/discard", key).header("X-CSRF-Token", "forged")).statusCode()).isEqualTo(403);
        assertThat(send(browser, post("/api/dead-letters/discard", key).header("X-CSRF-Token", csrf).header("Origin", "http://evil.example"))
                .statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(send(browser, get("/api/dead-letters")).body()).get("deadLetters")).hasSize(1);

        HttpResponse<String> discarded = send(browser, post("/api/dead-letters/discard", key).header("X-CSRF-Token", csrf));
        assertThat(discarded.statusCode()).as("control: with the session's CSRF token it goes through").isEqualTo(200);
        assertThat(JSON.readTree(discarded.body()).get("by").asString()).isEqualTo("operator");
        assertThat(JSON.readTree(send(browser, get("/api/dead-letters")).body()).get("deadLetters")).isEmpty();
        assertThat(send(browser, post("/api/dead-letters/discard", key).header("X-CSRF-Token", csrf)).statusCode()).isEqualTo(409);
    }

    @Test
    void aRetriedDeadLetterRunsAgainWithTheSameEventId() throws Exception {
        runtime.submit("a1", Event.of("e2", "local", "bob", "c1", "explode", Trust.OWNER)).get(10, TimeUnit.SECONDS);
        JsonNode letter = JSON.readTree(send(HttpClient.newHttpClient(), get("/api/dead-letters").header("Authorization", "Bearer " + token)).body())
                .get("deadLetters").get(0);
        assertThat(letter.get("reason").asString()).contains("model is down");

        HttpResponse<String> retried = send(HttpClient.newHttpClient(), post("/api/dead-letters/retry",
                "{\"agent\":\"a1\",\"eventId\":\"e2\",\"at\":\"" + letter.get("at").asString() + "\"}").header("Authorization", "Bearer " + token));

        assertThat(retried.statusCode()).isEqualTo(200);
        for (int i = 0; i < 500 && runtime.journal().deadLetters("a1").size() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(runtime.journal().deadLetters("a1")).as("it ran again (and failed again: the model still says explode)").hasSize(2);
        assertThat(runtime.journal().turns("a1", 10)).extracting(TurnResult::outcome).containsOnly(TurnResult.Outcome.FAILED).hasSize(2);
    }

    @Test
    void itListensOnLoopbackUnlessToldOtherwiseAndRefusesWeakTokens() {
        assertThat(console.uri().getHost()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> OperatorConsole.builder().operatorToken(Secret.of("short", "${T}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${T}").hasMessageNotContaining("short");
        assertThatThrownBy(() -> OperatorConsole.builder().port(1).port(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> OperatorConsole.builder().runtime(runtime).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("operator token");
        assertThat(URI.create(console.uri().toString()).getPort()).isPositive();
    }
}
