package dev.agentry.tools.social;

import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.Once;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings every HTTP feed builder ({@link XFeed}, {@link TelegramFeed}, {@link FarcasterFeed})
 * shares: base URL, trusted accounts, the HTTP client, metrics, clock, retries and rate-limit
 * waits. Each setting may be given once: a second call throws {@link IllegalStateException}
 * naming it; a bad value throws {@link IllegalArgumentException} naming the value. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class HttpFeedBuilder<B extends HttpFeedBuilder<B>> {
    final Once once;
    final FeedSettings settings;

    HttpFeedBuilder(String builderName, String defaultBaseUrl) {
        this.once = new Once(builderName);
        this.settings = new FeedSettings(once, defaultBaseUrl);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Sets the API's base URL (default: the provider's production URL).
     *
     * @param baseUrl an http(s) URL
     * @return this builder
     */
    public B baseUrl(String baseUrl) {
        settings.baseUrl(baseUrl);
        return self();
    }

    /**
     * Sets the account ids (X user ids, Telegram user ids, Farcaster fids) whose posts become
     * {@code OWNER} events.
     *
     * @param ids account ids, none blank
     * @return this builder
     */
    public B owners(String... ids) {
        settings.owners(ids);
        return self();
    }

    /**
     * Sets the account ids whose posts become {@code TRUSTED} events.
     *
     * @param ids account ids, none blank
     * @return this builder
     */
    public B trusted(String... ids) {
        settings.trusted(ids);
        return self();
    }

    /**
     * Shares an HTTP client (recommended: one per application; default: one shared by all feeds).
     *
     * @param client the client
     * @return this builder
     */
    public B httpClient(HttpClient client) {
        settings.client(client);
        return self();
    }

    /**
     * Counts requests in {@code agentry.feed.requests} (tags {@code feed}, {@code outcome}).
     *
     * @param registry the registry
     * @return this builder
     */
    public B meterRegistry(MeterRegistry registry) {
        settings.registry(registry);
        return self();
    }

    /**
     * Sets the clock rate-limit resets are compared with (default: the system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        settings.clock(clock);
        return self();
    }

    /**
     * Sets how the feed waits for rate limits and retries (default: really sleeps).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public B sleeper(Sleeper sleeper) {
        settings.sleeper(sleeper);
        return self();
    }

    /**
     * Sets the retries of 5xx and I/O errors and the first backoff (default 3 retries from 1 s).
     * They run on core's {@link dev.agentry.core.HttpRetry}: retry {@code n} waits a random time up to
     * the first backoff doubled {@code n - 1} times (at most 32 times it), or the answer's
     * {@code Retry-After}.
     *
     * @param maxRetries retries, 0 or more
     * @param backoff first backoff, zero or positive
     * @return this builder
     */
    public B retries(int maxRetries, Duration backoff) {
        settings.retries(maxRetries, backoff);
        return self();
    }

    /**
     * Sets the longest rate-limit wait before failing with {@link FeedException.Reason#RATE_LIMITED}
     * (default 15 minutes).
     *
     * @param maxWait the wait, zero or positive
     * @return this builder
     */
    public B maxRateLimitWait(Duration maxWait) {
        settings.maxRateLimitWait(maxWait);
        return self();
    }
}
