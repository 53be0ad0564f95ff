package dev.agentry.core.runtime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentry.core.HttpRetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRetryTest {
    private static final HttpRetry FAST = HttpRetry.builder().maxAttempts(3).backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();

    private WireMockServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(HttpRetry retry) throws IOException, InterruptedException {
        return retry.send(client, () -> HttpRequest.newBuilder(URI.create(server.baseUrl() + "/feed?token=secret")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void stubOnceThenOk(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
        server.stubFor(get(urlEqualTo("/feed?token=secret")).inScenario("s").whenScenarioStateIs(STARTED).willReturn(first).willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo("/feed?token=secret")).inScenario("s").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200).withBody("fresh")));
    }

    @Test
    void aBusyAnswerIsRetriedAfterTheWaitTheServerAsksFor() throws Exception {
        stubOnceThenOk(aResponse().withStatus(503).withHeader("Retry-After", "1"));

        long started = System.nanoTime();
        HttpResponse<String> response = send(FAST);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("fresh");
        assertThat(tookMillis).isGreaterThanOrEqualTo(900);
        server.verify(2, getRequestedFor(urlEqualTo("/feed?token=secret")));
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedUntilTheAttemptsRunOutAndTheLastAnswerIsReturned() throws Exception {
        server.stubFor(get(urlEqualTo("/feed?token=secret")).willReturn(aResponse().withStatus(429)));

        HttpResponse<String> response = send(FAST);

        assertThat(response.statusCode()).isEqualTo(429);
        server.verify(3, getRequestedFor(urlEqualTo("/feed?token=secret")));
    }

    @Test
    void otherClientErrorsAreNotRetried() throws Exception {
        server.stubFor(get(urlEqualTo("/feed?token=secret")).willReturn(aResponse().withStatus(404)));

        assertThat(send(FAST).statusCode()).isEqualTo(404);
        server.verify(1, getRequestedFor(urlEqualTo("/feed?token=secret")));
    }

    @Test
    void ioErrorsAreRetriedAndTheLastOneIsThrown() {
        AtomicInteger attempts = new AtomicInteger();
        HttpRetry twice = HttpRetry.builder().maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build();

        assertThatThrownBy(() -> twice.execute("test GET /thing", () -> {
            throw new IOException("connection reset, attempt " + attempts.incrementAndGet());
        })).isInstanceOf(IOException.class).hasMessage("connection reset, attempt 2");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void anIoErrorFollowedByAnAnswerSucceeds() throws Exception {
        stubOnceThenOk(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(send(FAST).body()).isEqualTo("fresh");
    }

    @Test
    void aRetryAfterLongerThanTheCapIsCutToIt() throws Exception {
        stubOnceThenOk(aResponse().withStatus(429).withHeader("Retry-After", "3600"));
        HttpRetry capped = HttpRetry.builder().maxRetryAfter(Duration.ofMillis(200)).build();

        long started = System.nanoTime();
        assertThat(send(capped).statusCode()).isEqualTo(200);

        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(150L, 5_000L);
    }

    @Test
    void anInterruptWhileWaitingEndsTheExchangeAtOnce() throws Exception {
        server.stubFor(get(urlEqualTo("/feed?token=secret")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));
        Thread caller = Thread.currentThread();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });

        long started = System.nanoTime();
        assertThatThrownBy(() -> send(FAST)).isInstanceOf(InterruptedException.class);

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000L);
        server.verify(1, getRequestedFor(urlEqualTo("/feed?token=secret")));
    }

    @Test
    void retriedResponsesThatHoldAConnectionAreClosedAndTheLastIsHandedBack() throws Exception {
        List<Closable> answers = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();

        Closable last = FAST.execute("test GET /thing", () -> {
            Closable answer = new Closable();
            answers.add(answer);
            return new HttpRetry.Reply<>(attempts.incrementAndGet() < 3 ? 502 : 200, Optional.empty(), answer);
        });

        assertThat(answers).hasSize(3);
        assertThat(answers.get(0).closed).isTrue();
        assertThat(answers.get(1).closed).isTrue();
        assertThat(last).isSameAs(answers.get(2));
        assertThat(last.closed).isFalse();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);
        HttpRetry retry = HttpRetry.builder().clock(clock).build();

        assertThat(retry.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(retry.parseRetryAfter("Fri, 01 May 2026 12:00:30 GMT")).contains(Duration.ofSeconds(30));
        assertThat(retry.parseRetryAfter("Fri, 01 May 2026 11:00:00 GMT")).contains(Duration.ZERO);
        assertThat(retry.parseRetryAfter("soon")).isEmpty();
    }

    @Test
    void eachSettingIsSetOnceAndBadValuesAreNamed() {
        assertThatThrownBy(() -> HttpRetry.builder().maxAttempts(2).maxAttempts(3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> HttpRetry.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts").hasMessageContaining("0");
        assertThatThrownBy(() -> HttpRetry.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1S");
    }

    private static final class Closable implements AutoCloseable {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
