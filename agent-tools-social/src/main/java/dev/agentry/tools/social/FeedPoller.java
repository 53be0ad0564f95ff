package dev.agentry.tools.social;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.Once;
import java.time.Duration;
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
 * the next poll reads it again. A {@link FeedAuthException} stops the poller (logged once); other
 * failures are logged and the next poll tries again (no earlier than a rate limit's reset).
 * {@link #start} polls on a virtual thread: one poll at once, then one per interval plus jitter.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class FeedPoller extends BackgroundTrigger {
    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);

    private final Feed feed;
    private final CursorStore cursors;
    private final String cursorKey;
    private final Duration interval;
    private final Duration jitter;
    private final Sleeper sleeper;
    private final Random random;
    private final Object pollLock = new Object();
    private volatile FeedAuthException authFailure;

    private FeedPoller(Builder b) {
        super("FeedPoller for " + b.feed.name(), "agentry-feed-" + b.feed.name());
        this.feed = b.feed;
        this.cursors = b.cursors;
        this.cursorKey = b.cursorKey;
        this.interval = b.interval;
        this.jitter = b.jitter;
        this.sleeper = b.sleeper;
        this.random = b.random;
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
     * delivers it oldest first, moving the cursor after each accepted event.
     *
     * @param sink where events go
     * @return how many events the sink accepted
     * @throws FeedAuthException if the feed's credentials are refused
     * @throws FeedException if the feed fails after its retries
     */
    public int pollOnce(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        synchronized (pollLock) {
            Optional<String> cursor = cursors.get(cursorKey());
            FeedBatch batch = feed.read(cursor);
            int delivered = 0;
            for (FeedBatch.Item item : batch.items()) {
                Event event;
                try {
                    event = feed.toEvent(item.post());
                } catch (RuntimeException e) {
                    log.warn("{}: skipping post {} that cannot become an event: {}", feed.name(), item.post().id(), e.getMessage());
                    cursors.put(cursorKey(), item.cursor());
                    continue;
                }
                if (!sink.deliver(event)) {
                    log.info("{}: inbox refused {}; will retry it on the next poll", feed.name(), event.id());
                    return delivered;
                }
                delivered++;
                cursors.put(cursorKey(), item.cursor());
            }
            batch.endCursor().ifPresent(end -> cursors.put(cursorKey(), end));
            return delivered;
        }
    }

    /**
     * Returns the credential failure that stopped the poller, if any.
     *
     * @return the failure, or empty while polling normally
     */
    public Optional<FeedAuthException> authFailure() {
        return Optional.ofNullable(authFailure);
    }

    /**
     * Returns the key under which the cursor is stored: the configured one, else
     * {@code feed + ":mentions:" + own account id}.
     *
     * @return the cursor key
     */
    public String cursorKey() {
        return cursorKey != null ? cursorKey : feed.name() + ":mentions:" + feed.self().id();
    }

    /** Polls at once, then once per interval plus jitter, until closed or the credentials are refused. */
    @Override
    void run(EventSink sink) {
        while (!closed()) {
            try {
                pollOnce(sink);
            } catch (FeedAuthException e) {
                authFailure = e;
                log.error("{}: stopped polling: {}", feed.name(), e.getMessage());
                return;
            } catch (FeedException e) {
                log.warn("{}: poll failed, will retry: {}", feed.name(), e.getMessage());
                if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(interval) > 0) {
                    try {
                        sleeper.sleep(e.retryAfter().get().minus(interval));
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("{}: poll failed unexpectedly, will retry", feed.name(), e);
            }
            if (closed()) {
                return;
            }
            long jitterMillis = jitter.isZero() ? 0 : (long) (random.nextDouble() * jitter.toMillis());
            try {
                sleeper.sleep(interval.plusMillis(jitterMillis));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Configures a {@link FeedPoller}. Not thread-safe; each setting may be given once. */
    public static final class Builder {
        private final Once once = new Once("FeedPoller.Builder");
        private final Feed feed;
        private CursorStore cursors;
        private String cursorKey;
        private Duration interval = Duration.ofSeconds(60);
        private Duration jitter = Duration.ZERO;
        private Sleeper sleeper = Sleeper.system();
        private Random random = new Random();

        private Builder(Feed feed) {
            this.feed = feed;
        }

        /**
         * Sets the durable cursor store (required).
         *
         * @param cursors the store
         * @return this builder
         */
        public Builder cursors(CursorStore cursors) {
            once.mark("cursors");
            this.cursors = Objects.requireNonNull(cursors, "cursors");
            return this;
        }

        /**
         * Sets the cursor key (default {@code feed + ":mentions:" + own account id}).
         *
         * @param key the key
         * @return this builder
         */
        public Builder cursorKey(String key) {
            once.mark("cursorKey");
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("cursorKey must not be blank");
            }
            this.cursorKey = key;
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
            if (cursors == null) {
                throw new IllegalStateException("FeedPoller for " + feed.name() + " needs cursors(CursorStore)");
            }
            return new FeedPoller(this);
        }
    }
}
