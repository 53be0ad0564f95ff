package dev.agentry.tools.social.internal;

import dev.agentry.core.HttpRetry;
import dev.agentry.tools.social.FeedAuthException;
import dev.agentry.tools.social.FeedException;
import dev.agentry.tools.social.FeedException.Reason;
import dev.agentry.tools.social.Sleeper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Executes one feed's HTTP calls: retries 5xx and I/O errors through core's {@link HttpRetry}
 * (Failsafe; full-jitter exponential backoff from the feed's first backoff, {@code Retry-After}
 * honoured), the one retry layer the model clients use too; waits out rate limits itself (X's
 * {@code x-rate-limit-*} and 24-hour {@code x-user-limit-24hour-*}/{@code x-app-limit-24hour-*}
 * headers, kept per endpoint by {@link Quotas}; Telegram's {@code parameters.retry_after};
 * Discord's {@code retry_after}; {@code Retry-After}) through the feed's {@link Sleeper}, failing
 * with {@link Reason#RATE_LIMITED} instead of waiting longer than the feed's maximum; counts every
 * attempt in {@code agentry.feed.requests}; and never logs headers or URLs (Telegram puts its
 * token in the path). The operation label names the endpoint: quotas are per label, so a used-up
 * posting quota never holds up reads.
 */
public final class HttpCaller {
    private static final Logger log = LoggerFactory.getLogger(HttpCaller.class);
    private static final int MAX_RATE_LIMIT_WAITS = 5;

    private final String feed;
    private final HttpClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final MeterRegistry registry;
    private final int maxRetries;
    private final Duration backoff;
    private final Duration maxRateLimitWait;
    private final Quotas quotas;
    private final HttpRetry retry;

    /**
     * A response whose body has been read.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the body text
     */
    public record HttpResult(int status, HttpHeaders headers, String body) {
        /**
         * Parses the body as JSON.
         *
         * @return the tree, or a missing node when the body is not JSON
         */
        public JsonNode json() {
            try {
                return JsonSupport.MAPPER.readTree(body);
            } catch (RuntimeException e) {
                return JsonSupport.MAPPER.missingNode();
            }
        }

        /**
         * Returns whether the status is 2xx.
         *
         * @return {@code true} for success
         */
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Creates a caller.
     *
     * @param feed the feed's name, for metrics, logs and errors
     * @param client the shared HTTP client
     * @param clock the clock rate-limit resets are compared with
     * @param sleeper how to wait
     * @param registry the metrics registry, or {@code null} for no metrics
     * @param maxRetries retries of 5xx and I/O errors
     * @param backoff first backoff, doubled per retry
     * @param maxRateLimitWait longest wait for a rate limit before giving up
     */
    public HttpCaller(String feed, HttpClient client, Clock clock, Sleeper sleeper, MeterRegistry registry,
            int maxRetries, Duration backoff, Duration maxRateLimitWait) {
        this.feed = Objects.requireNonNull(feed);
        this.client = Objects.requireNonNull(client);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.registry = registry;
        this.maxRetries = maxRetries;
        this.backoff = Objects.requireNonNull(backoff);
        this.maxRateLimitWait = Objects.requireNonNull(maxRateLimitWait);
        this.quotas = new Quotas(feed);
        Duration base = backoff.isZero() ? Duration.ofMillis(1) : backoff;
        this.retry = HttpRetry.builder().maxAttempts(maxRetries + 1).backoff(base, base.multipliedBy(32))
                .maxRetryAfter(maxRateLimitWait.isZero() ? Duration.ofMillis(1) : maxRateLimitWait).clock(clock).build();
    }

    /**
     * Returns the feed's name.
     *
     * @return the name
     */
    public String feed() {
        return feed;
    }

    /**
     * Executes a request, retrying 5xx, I/O errors and 429s. Other statuses are returned.
     *
     * @param operation a label for logs and errors, without secrets (such as {@code "GET /2/users/me"})
     * @param request builds the request, once per attempt (so signatures are fresh); it carries
     *     its own timeout
     * @return the response
     * @throws FeedException when retries are exhausted or a rate limit lasts too long
     */
    public HttpResult call(String operation, Supplier<HttpRequest> request) {
        int rateLimited = 0;
        while (true) {
            waitForQuota(operation);
            HttpResult result = attempts(operation, request);
            if (result.status() != 429) {
                return finish(operation, result);
            }
            Duration wait = rateLimitWait(operation, result, rateLimited + 1);
            if (++rateLimited > MAX_RATE_LIMIT_WAITS || wait.compareTo(maxRateLimitWait) > 0) {
                throw FeedException.rateLimited(feed, OptionalInt.of(429),
                        feed + " " + operation + " is rate limited; retry after " + wait.toSeconds() + " s", wait);
            }
            log.warn("{} {}: rate limited (429), waiting {}", feed, operation, wait);
            sleep(wait, operation);
        }
    }

    /** Sends until an answer that is not a 5xx (or the attempts run out); a 429 comes back at once. */
    private HttpResult attempts(String operation, Supplier<HttpRequest> request) {
        try {
            return retry.execute(feed + " " + operation, () -> {
                HttpResult result = send(operation, request);
                if (result.status() == 429) {
                    throw new RateLimitedAnswer(result);
                }
                return new HttpRetry.Reply<>(result.status(), result.headers().firstValue("Retry-After"), result);
            });
        } catch (RateLimitedAnswer answer) {
            return answer.result;
        } catch (IOException e) {
            throw new FeedException(feed, Reason.UNAVAILABLE, feed + " " + operation + " failed: I/O error ("
                    + e.getClass().getSimpleName() + ") after " + maxRetries + " retries");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException(feed, Reason.INTERRUPTED, feed + " " + operation + " interrupted");
        }
    }

    private HttpResult send(String operation, Supplier<HttpRequest> request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(request.get(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            count("io_error");
            throw e;
        }
        HttpResult result = new HttpResult(response.statusCode(), response.headers(), response.body() == null ? "" : response.body());
        quotas.note(operation, result.headers());
        if (result.status() == 429) {
            count("rate_limited");
        } else if (result.status() >= 500) {
            count("server_error");
        }
        return result;
    }

    private HttpResult finish(String operation, HttpResult result) {
        int status = result.status();
        if (status >= 500) {
            throw new FeedException(feed, Reason.UNAVAILABLE, status, feed + " " + operation + " failed with HTTP " + status
                    + " after " + maxRetries + " retries");
        }
        count(status == 401 || status == 403 ? "auth_error" : status >= 400 ? "client_error" : "ok");
        return result;
    }

    /**
     * A 429 seen inside {@link HttpRetry}: it leaves the retry at once, because a feed waits for rate
     * limits itself (per-endpoint quotas, {@code retry_after} in bodies, {@link Sleeper}, and a
     * refusal instead of a wait longer than the feed's maximum), which {@code HttpRetry}'s capped
     * {@code Retry-After} wait cannot express.
     */
    private static final class RateLimitedAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient HttpResult result;

        RateLimitedAnswer(HttpResult result) {
            super("rate limited", null, false, false);
            this.result = result;
        }
    }

    /**
     * Throws the right exception for a non-2xx response.
     *
     * @param operation the operation label
     * @param result the response
     * @return the response, when it is 2xx
     * @throws FeedAuthException for 401 and 403
     * @throws FeedException for other failures
     */
    public HttpResult requireOk(String operation, HttpResult result) {
        if (result.ok()) {
            return result;
        }
        if (result.status() == 401 || result.status() == 403) {
            throw new FeedAuthException(feed, result.status(), feed + " refused the credentials for " + operation
                    + " (HTTP " + result.status() + "); check the feed's token or keys and their permissions");
        }
        Reason reason = result.status() == 404 ? Reason.NOT_FOUND : Reason.REFUSED;
        throw new FeedException(feed, reason, result.status(), feed + " " + operation + " failed with HTTP " + result.status()
                + ": " + JsonSupport.excerpt(result.body()));
    }

    /**
     * Counts a failure that was detected above HTTP (an error reported in a 200 body).
     *
     * @param outcome the outcome tag
     */
    public void count(String outcome) {
        if (registry != null) {
            Counter.builder("agentry.feed.requests")
                    .description("Requests made to social feed APIs")
                    .tag("feed", feed)
                    .tag("outcome", outcome)
                    .register(registry)
                    .increment();
        }
    }

    private void waitForQuota(String operation) {
        Optional<Quotas.Block> block = quotas.blocked(operation, clock.instant());
        if (block.isEmpty()) {
            return;
        }
        Duration wait = block.get().waitFrom(clock.instant());
        if (wait.compareTo(maxRateLimitWait) > 0) {
            throw FeedException.rateLimited(feed, OptionalInt.empty(), feed + " " + operation + ": the " + block.get().window()
                    + " quota is used up; retry after " + wait.toSeconds() + " s", wait);
        }
        log.info("{} {}: {} quota used up, waiting {} until it resets", feed, operation, block.get().window(), wait);
        sleep(wait, operation);
    }

    /** How long a 429 asks to wait: what the answer says, or longer when a window of the endpoint is used up. */
    private Duration rateLimitWait(String operation, HttpResult result, int rateLimited) {
        Duration asked = retryAfter(result).orElse(backoff(rateLimited));
        Duration blocked = quotas.blocked(operation, clock.instant()).map(b -> b.waitFrom(clock.instant())).orElse(Duration.ZERO);
        return blocked.compareTo(asked) > 0 ? blocked : asked;
    }

    private Optional<Duration> retryAfter(HttpResult result) {
        JsonNode json = result.json();
        JsonNode retry = json.path("parameters").path("retry_after").isNumber() ? json.path("parameters").path("retry_after") : json.path("retry_after");
        if (retry.isNumber()) {
            return Optional.of(Duration.ofMillis(Math.max(1000, (long) Math.ceil(retry.asDouble() * 1000))));
        }
        String header = result.headers().firstValue("Retry-After").orElse(null);
        if (header != null) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(header.strip()))));
            } catch (NumberFormatException e) {
                log.debug("{}: Retry-After is not in seconds", feed);
            }
        }
        String reset = result.headers().firstValue("x-rate-limit-reset").orElse(null);
        if (reset != null) {
            try {
                Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.strip())));
                return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
            } catch (NumberFormatException e) {
                log.debug("{}: unreadable x-rate-limit-reset header", feed);
            }
        }
        return Optional.empty();
    }

    private Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    private void sleep(Duration wait, String operation) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException(feed, Reason.INTERRUPTED, feed + " " + operation + " interrupted while waiting");
        }
    }
}
