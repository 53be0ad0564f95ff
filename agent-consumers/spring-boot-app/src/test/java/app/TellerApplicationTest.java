package app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.testkit.Anvil;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application.yml agent answers one turn over HTTP, reading a balance on Anvil with the app's ChatModel bean. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TellerApplicationTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry properties) {
        Endpoints.properties().forEach((name, value) -> properties.add(name, () -> value));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    @Test
    void theConfiguredAgentReadsABalanceOnAnvilAndAnswersOverHttp() throws Exception {
        Endpoints.MODEL.thenToolCall("native_balance", "{\"address\":\"" + Anvil.ADDRESS_1 + "\"}")
                .thenReply("Account 1 holds 10000 ETH.");

        HttpResponse<String> answer = send(at("/ask").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"How much ETH does account 1 hold?\"}")));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"outcome\":\"REPLIED\"", "\"reply\":\"Account 1 holds 10000 ETH.\"",
                "\"tools\":[\"native_balance\"]", "\\\"balance\\\":\\\"10000\\\"");
        assertThat(registry.get("agentry.tool.calls").tag("agent", "teller").tag("tool", "native_balance").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("agentry.turns").tag("agent", "teller").timer().count()).isEqualTo(1);

        HttpResponse<String> health = send(at("/actuator/health/agentry/teller").GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"tools\":[\"native_balance\"]", "\"queued\":0");
    }
}
