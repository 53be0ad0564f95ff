package dev.agentry.tools.social;

import dev.agentry.tools.social.internal.FeedSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings every HTTP feed builder ({@link XFeed}, {@link TelegramFeed}, {@link FarcasterFeed})
 * shares: base URL, trusted accounts, the HTTP client, metrics, clock, retries and rate-limit
 * waits. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class HttpFeedBuilder<B extends HttpFeedBuilder<B>> {
    final FeedSettings settings;

    HttpFeedBuilder(String defaultBaseUrl) {
        this.settings = new FeedSettings(defaultBaseUrl);
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
     * Adds account ids (X user ids, Telegram user ids, Farcaster fids) whose posts become
     * {@code OWNER} events.
     *
     * @param ids account ids
     * @return this builder
     */
    public B owners(String... ids) {
        settings.owners.addAll(List.of(ids));
        return self();
    }

    /**
     * Adds account ids whose posts become {@code TRUSTED} events.
     *
     * @param ids account ids
     * @return this builder
     */
    public B trusted(String... ids) {
        settings.trusted.addAll(List.of(ids));
        return self();
    }

    /**
     * Shares an HTTP client (recommended: one per application).
     *
     * @param client the client
     * @return this builder
     */
    public B httpClient(HttpClient client) {
        settings.client = Objects.requireNonNull(client, "client");
        return self();
    }

    /**
     * Counts requests in {@code agentry.feed.requests}.
     *
     * @param registry the registry
     * @return this builder
     */
    public B meterRegistry(MeterRegistry registry) {
        settings.registry = Objects.requireNonNull(registry, "registry");
        return self();
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        settings.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * Sets how the feed waits for rate limits and retries.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public B sleeper(Sleeper sleeper) {
        settings.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return self();
    }

    /**
     * Sets the retries of 5xx and I/O errors and the first backoff, doubled per retry (default 3
     * retries from 1 s).
     *
     * @param maxRetries retries, 0 or more
     * @param backoff first backoff
     * @return this builder
     */
    public B retries(int maxRetries, Duration backoff) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        settings.maxRetries = maxRetries;
        settings.backoff = FeedSettings.positive(backoff, "backoff", true);
        return self();
    }

    /**
     * Sets the longest rate-limit wait before failing (default 15 minutes).
     *
     * @param maxWait the wait
     * @return this builder
     */
    public B maxRateLimitWait(Duration maxWait) {
        settings.maxRateLimitWait = FeedSettings.positive(maxWait, "maxRateLimitWait", true);
        return self();
    }
}
