package dev.agentry.tools.social.internal;

import dev.agentry.tools.social.Sleeper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The settings every HTTP feed builder shares, each settable once (see {@link Once}); the
 * builders delegate to one instance and the feeds read it when built. Not thread-safe.
 */
public final class FeedSettings {
    private static volatile HttpClient defaultClient;

    private final Once once;
    private String baseUrl;
    private HttpClient client;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private MeterRegistry registry;
    private int maxRetries = 3;
    private Duration backoff = Duration.ofSeconds(1);
    private Duration maxRateLimitWait = Duration.ofMinutes(15);
    private final Set<String> owners = new LinkedHashSet<>();
    private final Set<String> trusted = new LinkedHashSet<>();

    /**
     * Creates settings with a default base URL.
     *
     * @param once the builder's set-once record
     * @param defaultBaseUrl the provider's production URL
     */
    public FeedSettings(Once once, String defaultBaseUrl) {
        this.once = once;
        this.baseUrl = defaultBaseUrl;
    }

    /**
     * Checks and sets the base URL.
     *
     * @param url an http(s) URL
     */
    public void baseUrl(String url) {
        once.mark("baseUrl");
        Objects.requireNonNull(url, "baseUrl");
        if (!url.startsWith("http://") && !url.startsWith("https://") || URI.create(url).getHost() == null) {
            throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + url);
        }
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Sets the owner account ids.
     *
     * @param ids the ids, none blank
     */
    public void owners(String... ids) {
        once.mark("owners");
        owners.addAll(ids("owners", ids));
    }

    /**
     * Sets the trusted account ids.
     *
     * @param ids the ids, none blank
     */
    public void trusted(String... ids) {
        once.mark("trusted");
        trusted.addAll(ids("trusted", ids));
    }

    /**
     * Sets the shared HTTP client.
     *
     * @param client the client
     */
    public void client(HttpClient client) {
        once.mark("httpClient");
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Sets the metrics registry.
     *
     * @param registry the registry
     */
    public void registry(MeterRegistry registry) {
        once.mark("meterRegistry");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets the clock.
     *
     * @param clock the clock
     */
    public void clock(Clock clock) {
        once.mark("clock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sets how the feed waits.
     *
     * @param sleeper the sleeper
     */
    public void sleeper(Sleeper sleeper) {
        once.mark("sleeper");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Sets the retries of 5xx and I/O errors.
     *
     * @param maxRetries retries, 0 or more
     * @param backoff the first backoff, zero or positive
     */
    public void retries(int maxRetries, Duration backoff) {
        once.mark("retries");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.backoff = notNegative(backoff, "backoff");
    }

    /**
     * Sets the longest rate-limit wait.
     *
     * @param maxWait the wait, zero or positive
     */
    public void maxRateLimitWait(Duration maxWait) {
        once.mark("maxRateLimitWait");
        this.maxRateLimitWait = notNegative(maxWait, "maxRateLimitWait");
    }

    /**
     * Returns the base URL, without a trailing slash.
     *
     * @return the URL
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Returns the clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns the owner and trusted ids.
     *
     * @return the trusts
     */
    public Trusts trusts() {
        return new Trusts(owners, trusted);
    }

    /**
     * Builds the caller for a feed.
     *
     * @param feed the feed name
     * @return the caller
     */
    public HttpCaller caller(String feed) {
        return new HttpCaller(feed, client == null ? sharedClient() : client, clock, sleeper, registry, maxRetries, backoff, maxRateLimitWait);
    }

    /**
     * Checks a duration setting that must be positive.
     *
     * @param value the value
     * @param name the setting's name
     * @return the value
     * @throws IllegalArgumentException naming the setting and the value if it is zero or negative
     */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * Checks a duration setting that may be zero.
     *
     * @param value the value
     * @param name the setting's name
     * @return the value
     * @throws IllegalArgumentException naming the setting and the value if it is negative
     */
    public static Duration notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + value);
        }
        return value;
    }

    /**
     * Checks account ids.
     *
     * @param setting the setting's name
     * @param ids the ids
     * @return the ids
     * @throws IllegalArgumentException naming the setting if an id is blank
     */
    public static List<String> ids(String setting, String... ids) {
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException(setting + " must not contain a blank account id, was: " + id);
            }
        }
        return List.of(ids);
    }

    private static HttpClient sharedClient() {
        HttpClient c = defaultClient;
        if (c == null) {
            synchronized (FeedSettings.class) {
                c = defaultClient;
                if (c == null) {
                    c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
                    defaultClient = c;
                }
            }
        }
        return c;
    }
}
