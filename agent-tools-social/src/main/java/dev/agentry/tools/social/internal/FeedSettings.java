package dev.agentry.tools.social.internal;

import dev.agentry.tools.social.Sleeper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.net.URI;
import java.net.http.HttpClient;

/** Settings every HTTP feed builder shares; builders delegate to one instance. */
public final class FeedSettings {
    private static volatile HttpClient defaultClient;

    /** Base URL of the provider's API. */
    public String baseUrl;
    /** The shared client, or null for the default one. */
    public HttpClient client;
    /** The clock. */
    public Clock clock = Clock.systemUTC();
    /** How to wait. */
    public Sleeper sleeper = Sleeper.system();
    /** Metrics, or null. */
    public MeterRegistry registry;
    /** Retries of 5xx and I/O errors. */
    public int maxRetries = 3;
    /** First backoff. */
    public Duration backoff = Duration.ofSeconds(1);
    /** Longest rate-limit wait. */
    public Duration maxRateLimitWait = Duration.ofMinutes(15);
    /** Owner account ids. */
    public final Set<String> owners = new LinkedHashSet<>();
    /** Trusted account ids. */
    public final Set<String> trusted = new LinkedHashSet<>();

    /**
     * Creates settings with a default base URL.
     *
     * @param defaultBaseUrl the provider's production URL
     */
    public FeedSettings(String defaultBaseUrl) {
        this.baseUrl = defaultBaseUrl;
    }

    /**
     * Checks and sets the base URL.
     *
     * @param url the URL
     */
    public void baseUrl(String url) {
        Objects.requireNonNull(url, "baseUrl");
        if (!url.startsWith("http://") && !url.startsWith("https://") || URI.create(url).getHost() == null) {
            throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + url);
        }
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Returns the trusts.
     *
     * @return owner and trusted ids
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
     * Checks a duration setting.
     *
     * @param value the value
     * @param name the setting's name
     * @param allowZero whether zero is allowed
     * @return the value
     */
    public static Duration positive(Duration value, String name, boolean allowZero) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || (!allowZero && value.isZero())) {
            throw new IllegalArgumentException(name + " must be " + (allowZero ? "zero or positive" : "positive") + ", was " + value);
        }
        return value;
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
