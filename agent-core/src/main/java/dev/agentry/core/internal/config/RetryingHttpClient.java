package dev.agentry.core.internal.config;

import dev.agentry.core.HttpRetry;
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
import java.time.Duration;
import java.util.Objects;

/**
 * A LangChain4j {@link HttpClient} over {@link java.net.http.HttpClient} whose requests go through
 * {@link HttpRetry}: 429, 5xx, timeouts and I/O errors are retried with backoff, honouring
 * {@code Retry-After}. LangChain4j's own {@code HttpException} carries no headers, which is why
 * the retry happens here, below it.
 *
 * <p>After the last attempt it throws {@link HttpException} (status and body, which LangChain4j
 * maps to {@code RateLimitException}, {@code InternalServerException}...), {@link TimeoutException}
 * or an {@link UncheckedIOException}. Streaming requests and multipart requests go to a plain
 * {@link JdkHttpClient} without retries.
 *
 * <p>Thread-safe.
 */
public final class RetryingHttpClient implements HttpClient {
    private final java.net.http.HttpClient http;
    private final JdkHttpClient streaming;
    private final Duration readTimeout;
    private final HttpRetry retry;

    private RetryingHttpClient(Builder builder) {
        // HTTP/1.1: local OpenAI-compatible servers over plain http otherwise get an h2c upgrade attempt per request
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (builder.connectTimeout != null) {
            http.connectTimeout(builder.connectTimeout);
        }
        // responses are completed on the client's selector thread instead of being handed to a pool thread first: one thread
        // switch fewer per call (the model client's own time 5.0 -> 4.0 ms p50 in ConversationCostBenchmark); nothing blocks
        // there, the body is collected into a byte array and parsed by the caller
        this.http = http.executor(Runnable::run).build();
        this.streaming = JdkHttpClient.builder()
                .httpClientBuilder(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1))
                .connectTimeout(builder.connectTimeout).readTimeout(builder.readTimeout).build();
        this.readTimeout = builder.readTimeout;
        this.retry = builder.retry;
    }

    /**
     * Starts a builder.
     *
     * @param retry how requests are retried
     * @return the builder
     */
    public static Builder builder(HttpRetry retry) {
        return new Builder(retry);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            return streaming.execute(request);
        }
        java.net.http.HttpRequest jdkRequest = toJdkRequest(request);
        HttpResponse<byte[]> response;
        try {
            response = retry.send(http, () -> jdkRequest, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + describe(request.url()), e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers().map()).body(response.body()).build();
        }
        throw new HttpException(status, new String(response.body(), StandardCharsets.UTF_8));
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
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
        private final HttpRetry retry;
        private Duration connectTimeout;
        private Duration readTimeout;

        private Builder(HttpRetry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
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

        @Override
        public RetryingHttpClient build() {
            return new RetryingHttpClient(this);
        }
    }
}
