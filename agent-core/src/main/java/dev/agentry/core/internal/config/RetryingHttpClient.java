package dev.agentry.core.internal.config;

import dev.agentry.core.ChatModels.Backoff;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j {@link HttpClient} over {@link java.net.http.HttpClient} that retries 429, 5xx,
 * timeouts and I/O errors with {@link Backoff} and honours {@code Retry-After} (seconds or
 * HTTP-date). LangChain4j's own {@code HttpException} carries no headers, which is why the retry
 * happens here, below it.
 *
 * <p>After the last attempt it throws {@link HttpException} (status and body, which LangChain4j
 * maps to {@code RateLimitException}, {@code InternalServerException}...), {@link TimeoutException}
 * or an {@link UncheckedIOException}. Other 4xx answers are not retried. Streaming requests and
 * multipart requests go to a plain {@link JdkHttpClient} without retries. Retries are logged at
 * INFO with the host, path, status and delay, never with headers or bodies.
 *
 * <p>Thread-safe.
 */
public final class RetryingHttpClient implements HttpClient {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingHttpClient.class);

    private final java.net.http.HttpClient http;
    private final JdkHttpClient streaming;
    private final Duration readTimeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Clock clock;

    private RetryingHttpClient(Builder builder) {
        // HTTP/1.1: local OpenAI-compatible servers over plain http otherwise get an h2c upgrade attempt per request
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (builder.connectTimeout != null) {
            http.connectTimeout(builder.connectTimeout);
        }
        this.http = http.build();
        this.streaming = JdkHttpClient.builder()
                .httpClientBuilder(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1))
                .connectTimeout(builder.connectTimeout).readTimeout(builder.readTimeout).build();
        this.readTimeout = builder.readTimeout;
        this.maxAttempts = builder.maxAttempts;
        this.backoff = builder.backoff;
        this.clock = builder.clock;
    }

    /**
     * Starts a builder.
     *
     * @param maxAttempts attempts per request, at least 1
     * @param backoff the delays between attempts
     * @return the builder
     */
    public static Builder builder(int maxAttempts, Backoff backoff) {
        return new Builder(maxAttempts, backoff);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            return streaming.execute(request);
        }
        java.net.http.HttpRequest jdkRequest = toJdkRequest(request);
        String target = describe(request.url());
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= maxAttempts;
            Duration wait;
            String why;
            try {
                HttpResponse<byte[]> response = http.send(jdkRequest, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers().map()).body(response.body()).build();
                }
                if (last || !(status == 429 || (status >= 500 && status <= 599))) {
                    throw new HttpException(status, new String(response.body(), StandardCharsets.UTF_8));
                }
                Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(this::parseRetryAfter);
                wait = retryAfter.isPresent() ? backoff.retryAfter(retryAfter.get()) : backoff.delay(attempt);
                why = "HTTP " + status + (retryAfter.isPresent() ? " (Retry-After)" : "");
            } catch (HttpTimeoutException e) {
                if (last) {
                    throw new TimeoutException(e);
                }
                wait = backoff.delay(attempt);
                why = "timeout";
            } catch (IOException e) {
                if (last) {
                    throw new UncheckedIOException(e);
                }
                wait = backoff.delay(attempt);
                why = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException("interrupted while calling " + target, e);
            }
            LOG.info("model call to {} failed with {}; retry {} of {} in {} ms", target, why, attempt, maxAttempts - 1, wait.toMillis());
            sleep(wait, target);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }

    /**
     * Parses a {@code Retry-After} value: delta seconds or an HTTP-date.
     *
     * @param value the header value
     * @return the wait, if the value is understood
     */
    Optional<Duration> parseRetryAfter(String value) {
        String text = value.strip();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static void sleep(Duration wait, String target) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException("interrupted while waiting to retry " + target, e);
        }
    }

    private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder().uri(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        return builder.build();
    }

    /** Host and path only: query strings can carry keys. */
    private static String describe(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + Objects.requireNonNullElse(uri.getPath(), "");
        } catch (IllegalArgumentException e) {
            return "(unparsable URL)";
        }
    }

    /** Builds a {@link RetryingHttpClient}; LangChain4j sets the timeouts. Not thread-safe. */
    public static final class Builder implements HttpClientBuilder {
        private final int maxAttempts;
        private final Backoff backoff;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Clock clock = Clock.systemUTC();

        private Builder(int maxAttempts, Backoff backoff) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.backoff = Objects.requireNonNull(backoff, "backoff");
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * Sets the clock used to read HTTP-date {@code Retry-After} values (for tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public RetryingHttpClient build() {
            return new RetryingHttpClient(this);
        }
    }
}
