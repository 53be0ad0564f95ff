package dev.agentry.tools.social;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.Once;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link dev.agentry.core.Trigger} that polls one {@link Feed} at an interval (plus random jitter) and delivers
 * each new post as an {@link Event}, exactly once across restarts.
 *
 * <p>The cursor lives in a durable {@link CursorStore} and is moved after each event the
 * {@link EventSink} accepted; when the sink refuses one (mailbox full), the poll stops there and
 * the next poll reads it again. Failures never stop the poller for good:
 * <ul>
 *   <li>refused credentials ({@link FeedAuthException}) or a conflict
 *       ({@link FeedException.Reason#CONFLICT}, such as a Telegram webhook) mark the feed unhealthy:
 *       logged as an error once, counted in {@code agentry.feed.failures}, gauge
 *       {@code agentry.feed.healthy} at 0, {@link #health()} says why; the poller tries again after
 *       a long backoff (default 5 minutes, doubling up to an hour) and is healthy again as soon as
 *       a poll succeeds (the credentials were fixed or refreshed);</li>
 *   <li>other failures are logged and the next poll tries again (no earlier than a rate limit's
 *       reset).</li>
 * </ul>
 * {@link #start} polls on a virtual thread: one poll at once, then one per interval plus jitter.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class FeedPoller extends BackgroundTrigger {
    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);

    private final Feed feed;
    private final CursorSettings cursor;
    private final Duration interval;
    private final Duration jitter;
    private final Duration unhealthyBackoff;
    private final Duration maxUnhealthyBackoff;
    private final Sleeper sleeper;
    private final Random random;
    private final FeedHealthMeter meter;
    private final Object pollLock = new Object();
    private volatile FeedHealth health = FeedHealth.HEALTHY;

    private FeedPoller(Builder b) {
        super("FeedPoller for " + b.feed.name(), "agentry-feed-" + b.feed.name());
        this.feed = b.feed;
        this.cursor = b.cursor;
        this.interval = b.interval;
        this.jitter = b.jitter;
        this.unhealthyBackoff = b.unhealthyBackoff;
        this.maxUnhealthyBackoff = b.maxUnhealthyBackoff;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.meter = new FeedHealthMeter(b.feed.name(), b.agentId, b.registry);
    }

    /**
     * Starts a builder.
     *
     * @param feed the feed to poll
     * @return a new builder
     */
    public static Builder builder(Feed feed) {
        return new Builder(Objects.requireNonNull(feed, "feed"));
    }

    /**
     * Polls once, now, on the calling thread: reads everything since the stored cursor and
     * delivers it oldest first, moving the cursor after each accepted event. Does not change
     * {@link #health()}; the background loop does.
     *
     * @param sink where events go
     * @return how many events the sink accepted
     * @throws FeedAuthException if the feed's credentials are refused
     * @throws FeedException if the feed fails after its retries
     */
    public int pollOnce(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        synchronized (pollLock) {
            String key = cursor.key(feed);
            FeedBatch batch = feed.read(cursor.store().get(key));
            return CursorDelivery.deliver(feed, batch, sink, cursor.store(), key).delivered();
        }
    }

    /**
     * Returns the name of the polled feed.
     *
     * @return the feed's name
     */
    public String feedName() {
        return feed.name();
    }

    /**
     * Returns whether the feed is healthy and, when not, why and since when.
     *
     * @return the health
     */
    public FeedHealth health() {
        return health;
    }

    /**
     * Returns the credential failure the poller is backing off from, if that is why it is unhealthy.
     *
     * @return the failure, or empty while the credentials work
     */
    public Optional<FeedAuthException> authFailure() {
        return health.problem().filter(FeedAuthException.class::isInstance).map(FeedAuthException.class::cast);
    }

    /**
     * Returns the key under which the cursor is stored: the configured one, else
     * {@code feed + ":mentions:" + own account id}.
     *
     * @return the cursor key
     */
    public String cursorKey() {
        return cursor.key(feed);
    }

    /** Polls at once, then once per interval plus jitter (or a long backoff while unhealthy), until closed. */
    @Override
    void run(EventSink sink) {
        int unhealthyPolls = 0;
        while (!closed()) {
            Duration wait = interval.plusMillis(jitter.isZero() ? 0 : (long) (random.nextDouble() * jitter.toMillis()));
            try {
                pollOnce(sink);
                if (!health.healthy()) {
                    log.info("{}: polling works again; the feed is healthy", feed.name());
                }
                unhealthyPolls = 0;
                setHealth(FeedHealth.HEALTHY);
            } catch (FeedException e) {
                if (needsOperator(e)) {
                    wait = backoff(++unhealthyPolls);
                    markUnhealthy(e, wait);
                } else {
                    log.warn("{}: poll failed, will retry: {}", feed.name(), e.getMessage());
                    wait = e.retryAfter().filter(r -> r.compareTo(interval) > 0).orElse(wait);
                }
            } catch (RuntimeException e) {
                log.warn("{}: poll failed unexpectedly, will retry", feed.name(), e);
            }
            if (closed()) {
                return;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean needsOperator(FeedException e) {
        return e.reason() == FeedException.Reason.AUTH || e.reason() == FeedException.Reason.CONFLICT;
    }

    private Duration backoff(int failures) {
        Duration wait = unhealthyBackoff.multipliedBy(1L << Math.min(failures - 1, 20));
        return wait.compareTo(maxUnhealthyBackoff) > 0 ? maxUnhealthyBackoff : wait;
    }

    private void markUnhealthy(FeedException e, Duration retryIn) {
        meter.failed(e.reason());
        if (health.healthy()) {
            log.error("{}: the feed is unhealthy: {}; retrying in {}", feed.name(), e.getMessage(), retryIn);
            setHealth(FeedHealth.unhealthy(e, Instant.now()));
        } else {
            log.warn("{}: still unhealthy: {}; retrying in {}", feed.name(), e.getMessage(), retryIn);
            setHealth(FeedHealth.unhealthy(e, health.since().orElse(Instant.now())));
        }
    }

    private void setHealth(FeedHealth next) {
        health = next;
        meter.healthy(next.healthy());
    }

    /** Configures a {@link FeedPoller}. Not thread-safe; each setting may be given once. */
    public static final class Builder {
        private final Once once = new Once("FeedPoller.Builder");
        private final Feed feed;
        private final CursorSettings cursor = new CursorSettings(once);
        private Duration interval = Duration.ofSeconds(60);
        private Duration jitter = Duration.ZERO;
        private Sleeper sleeper = Sleeper.system();
        private Random random = new Random();
        private Duration unhealthyBackoff = Duration.ofMinutes(5);
        private Duration maxUnhealthyBackoff = Duration.ofHours(1);
        private MeterRegistry registry;
        private String agentId = "";

        private Builder(Feed feed) {
            this.feed = feed;
        }

        /**
         * Sets the durable cursor store (required), such as the agent's {@code AgentryStore}.
         *
         * @param cursors the store
         * @return this builder
         */
        public Builder cursors(CursorStore cursors) {
            cursor.store(cursors);
            return this;
        }

        /**
         * Sets the cursor key (default {@code feed + ":mentions:" + own account id}, the key a
         * {@link FeedWebhook} of the feed uses too).
         *
         * @param key the key, not blank
         * @return this builder
         */
        public Builder cursorKey(String key) {
            cursor.key(key);
            return this;
        }

        /**
         * Sets the interval between polls (default 60 s) and the largest random extra wait added
         * to each (default none).
         *
         * @param interval the interval, positive
         * @param jitter the jitter, zero or positive
         * @return this builder
         */
        public Builder interval(Duration interval, Duration jitter) {
            once.mark("interval");
            this.interval = FeedSettings.positive(interval, "interval");
            this.jitter = FeedSettings.notNegative(jitter, "jitter");
            return this;
        }

        /**
         * Sets how long an unhealthy feed (refused credentials, a conflict) waits before it is
         * tried again: {@code first} after the first failure, doubling per failure up to {@code max}
         * (default 5 minutes up to 1 hour).
         *
         * @param first the first backoff, positive
         * @param max the longest backoff, at least {@code first}
         * @return this builder
         */
        public Builder unhealthyBackoff(Duration first, Duration max) {
            once.mark("unhealthyBackoff");
            this.unhealthyBackoff = FeedSettings.positive(first, "unhealthyBackoff first");
            this.maxUnhealthyBackoff = FeedSettings.positive(max, "unhealthyBackoff max");
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("unhealthyBackoff max (" + max + ") must not be below first (" + first + ")");
            }
            return this;
        }

        /**
         * Reports the feed's health in {@code agentry.feed.healthy} (gauge, 1 or 0) and
         * {@code agentry.feed.failures} (counter, tag {@code reason}), tagged {@code feed} and
         * {@code agent}.
         *
         * @param registry the registry
         * @param agentId the agent's id, for the {@code agent} tag
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry, String agentId) {
            once.mark("meterRegistry");
            this.registry = Objects.requireNonNull(registry, "registry");
            this.agentId = Objects.requireNonNull(agentId, "agentId");
            return this;
        }

        /**
         * Sets how the poller waits between polls (default: really sleeps).
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            once.mark("sleeper");
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Sets the random source of the jitter.
         *
         * @param random the source
         * @return this builder
         */
        public Builder random(Random random) {
            once.mark("random");
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Builds the poller.
         *
         * @return the poller
         * @throws IllegalStateException if no cursor store was set
         */
        public FeedPoller build() {
            if (!cursor.hasStore()) {
                throw new IllegalStateException("FeedPoller for " + feed.name() + " needs cursors(CursorStore)");
            }
            return new FeedPoller(this);
        }
    }
}
