package dev.agentry.core;

import dev.agentry.core.internal.SetOnce;
import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one HTTP exchange the way a well-behaved client should: on a 429 or a 5xx answer and on
 * I/O errors (timeouts included), up to a number of attempts, waiting as long as the server's
 * {@code Retry-After} asks (delta seconds or an HTTP-date; capped) or else an exponential backoff
 * with full jitter (a random wait between zero and {@code min(maxDelay, baseDelay × 2^(retry−1))}).
 * Other answers (2xx, other 4xx) end the exchange at once. The model clients use it; so can feeds
 * and tools, over any HTTP client:
 *
 * <pre>{@code
 * HttpRetry retry = HttpRetry.builder().maxAttempts(4).build();
 *
 * // java.net.http
 * HttpResponse<String> answer = retry.send(client, () -> request, HttpResponse.BodyHandlers.ofString());
 *
 * // any client: say what each attempt answered
 * Response answer = retry.execute("x GET /2/users/me", () -> {
 *     Response r = okHttp.newCall(request).execute();
 *     return new HttpRetry.Reply<>(r.code(), Optional.ofNullable(r.header("Retry-After")), r);
 * });
 * }</pre>
 *
 * <p>Retry only exchanges that are safe to repeat: reads, or writes the server deduplicates (an
 * idempotency key). The retries run on Failsafe ({@code dev.failsafe}); waits block the calling
 * thread, which suits virtual threads. Each retry is logged at INFO with the operation label,
 * what failed and the wait, never with headers, bodies or query strings. Immutable and
 * thread-safe: share one instance per configuration.
 */
public final class HttpRetry {
    private static final Logger log = LoggerFactory.getLogger(HttpRetry.class);

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;
    private final Clock clock;

    private HttpRetry(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.baseDelay = b.baseDelay;
        this.maxDelay = b.maxDelay;
        this.maxRetryAfter = b.maxRetryAfter;
        this.clock = b.clock;
    }

    /**
     * Starts a builder. Defaults: 3 attempts, 500 ms base delay, 20 s largest computed delay,
     * {@code Retry-After} honoured up to 60 s.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One attempt of an exchange.
     *
     * @param <R> the response type
     */
    @FunctionalInterface
    public interface Exchange<R> {

        /**
         * Sends the request once and reports the answer. Build a fresh request per attempt when it
         * carries a signature or a timestamp.
         *
         * @return the answer
         * @throws IOException if the exchange failed without an answer (it is retried)
         * @throws InterruptedException if interrupted (never retried)
         */
        Reply<R> send() throws IOException, InterruptedException;
    }

    /**
     * What one attempt answered. A retried response that is {@link AutoCloseable} (an OkHttp
     * {@code Response}) is closed before the next attempt.
     *
     * @param status the HTTP status
     * @param retryAfter the {@code Retry-After} header, if the answer had one
     * @param response the response itself, returned to the caller if this attempt is the last
     * @param <R> the response type
     */
    public record Reply<R>(int status, Optional<String> retryAfter, R response) {

        /** Checks arguments. */
        public Reply {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Runs an exchange, retrying 429, 5xx and I/O errors.
     *
     * @param operation a label for logs, without secrets (for example {@code "x GET /2/users/me"})
     * @param exchange one attempt
     * @param <R> the response type
     * @return the last attempt's response: a success, an answer that is not retried, or the last
     *     429/5xx when the attempts ran out (check its status)
     * @throws IOException if the last attempt failed without an answer
     * @throws InterruptedException if interrupted while sending or waiting (the interrupt flag is
     *     cleared, as {@link Thread#sleep} does)
     */
    public <R> R execute(String operation, Exchange<R> exchange) throws IOException, InterruptedException {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(exchange, "exchange");
        RetryPolicy<Reply<R>> policy = RetryPolicy.<Reply<R>>builder()
                .handle(IOException.class)
                .handleResultIf(reply -> retried(reply.status()))
                .withMaxAttempts(maxAttempts)
                .withDelayFn(context -> delay(operation, context))
                .onRetry(event -> discard(event.getLastResult()))
                .build();
        try {
            return Failsafe.with(policy).get(exchange::send).response();
        } catch (FailsafeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException interrupted) {
                Thread.interrupted();
                throw interrupted;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /**
     * Sends a request with the JDK's client, retrying 429, 5xx and I/O errors.
     *
     * @param client the client
     * @param request builds the request, once per attempt
     * @param body how to read the body (read it whole, such as {@code ofString()}: retried
     *     answers are dropped)
     * @param <T> the body type
     * @return the last attempt's response (check its status)
     * @throws IOException if the last attempt failed without an answer
     * @throws InterruptedException if interrupted while sending or waiting
     */
    public <T> HttpResponse<T> send(HttpClient client, Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(body, "body");
        HttpRequest first = request.get();
        AtomicReference<HttpRequest> unsent = new AtomicReference<>(first);
        return execute(first.method() + " " + hostAndPath(first.uri()), () -> {
            HttpRequest attempt = unsent.getAndSet(null);
            HttpResponse<T> response = client.send(attempt != null ? attempt : request.get(), body);
            return new Reply<>(response.statusCode(), response.headers().firstValue("Retry-After"), response);
        });
    }

    /**
     * Parses a {@code Retry-After} value: delta seconds or an HTTP-date.
     *
     * @param value the header value
     * @return the wait, never negative; empty if the value is not understood
     */
    public Optional<Duration> parseRetryAfter(String value) {
        String text = value.strip();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(clock.instant(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** Whether an answer with this status is tried again: 429 and 5xx. */
    static boolean retried(int status) {
        return status == 429 || (status >= 500 && status <= 599);
    }

    /** Full jitter: a random wait between zero and {@code min(max, base × 2^(retry−1))}. */
    static Duration fullJitter(Duration base, Duration max, int retry) {
        long baseMillis = base.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long bound = baseMillis > (Long.MAX_VALUE >> shift) ? max.toMillis() : Math.min(max.toMillis(), baseMillis << shift);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    private <R> Duration delay(String operation, ExecutionContext<Reply<R>> context) {
        int retry = context.getAttemptCount();
        Reply<R> reply = context.getLastResult();
        Optional<Duration> asked = reply == null ? Optional.empty() : reply.retryAfter().flatMap(this::parseRetryAfter);
        Duration wait = asked.map(d -> d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d)
                .orElseGet(() -> fullJitter(baseDelay, maxDelay, retry));
        Throwable failure = context.getLastException();
        String why = reply != null ? "HTTP " + reply.status() + (asked.isPresent() ? " (Retry-After)" : "")
                : failure == null ? "failure" : failure.getClass().getSimpleName();
        log.info("{} failed with {}; retry {} of {} in {} ms", operation, why, retry, maxAttempts - 1, wait.toMillis());
        return wait;
    }

    private static void discard(Reply<?> retried) {
        if (retried != null && retried.response() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("closing a retried response failed: {}", e.toString());
            }
        }
    }

    /** Host, port and path only: query strings can carry keys. */
    static String hostAndPath(URI uri) {
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + Objects.requireNonNullElse(uri.getPath(), "");
    }

    /**
     * Builds an {@link HttpRetry}. Each setting may be set once; a second call, or a bad value,
     * throws at once naming the setting. Not thread-safe.
     */
    public static final class Builder {
        private final SetOnce once = new SetOnce("HttpRetry.Builder");
        private int maxAttempts = 3;
        private Duration baseDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(20);
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets the attempts per exchange, the first included (default 3; 1 means no retry).
         *
         * @param attempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         * @throws IllegalStateException if already set
         */
        public Builder maxAttempts(int attempts) {
            once.mark("maxAttempts");
            if (attempts < 1) {
                throw new IllegalArgumentException("HttpRetry maxAttempts must be at least 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the backoff bounds (default 500 ms and 20 s): retry {@code n} waits a random time
         * up to {@code min(maxDelay, baseDelay × 2^(n−1))}.
         *
         * @param base the first retry's bound, positive
         * @param max the largest bound, at least {@code base}
         * @return this builder
         * @throws IllegalArgumentException for a non-positive value or {@code max < base}
         * @throws IllegalStateException if already set
         */
        public Builder backoff(Duration base, Duration max) {
            once.mark("backoff");
            positive(base, "backoff base");
            positive(max, "backoff max");
            if (max.compareTo(base) < 0) {
                throw new IllegalArgumentException("HttpRetry backoff max (" + max + ") must not be below its base (" + base + ")");
            }
            this.baseDelay = base;
            this.maxDelay = max;
            return this;
        }

        /**
         * Sets the longest {@code Retry-After} honoured (default 60 s); a longer one is cut to it.
         *
         * @param max positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException if already set
         */
        public Builder maxRetryAfter(Duration max) {
            once.mark("maxRetryAfter");
            this.maxRetryAfter = positive(max, "maxRetryAfter");
            return this;
        }

        /**
         * Sets the clock HTTP-date {@code Retry-After} values are compared with (for tests).
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder clock(Clock clock) {
            once.mark("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the retry.
         *
         * @return the retry
         */
        public HttpRetry build() {
            return new HttpRetry(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("HttpRetry " + name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
