package dev.agentry.tools.social;

import dev.agentry.core.CursorStore;
import dev.agentry.core.EventSink;
import dev.agentry.core.Trigger;
import dev.agentry.tools.social.internal.Once;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed's webhook: a {@link Trigger} whose events arrive as HTTP calls from the provider instead
 * of polls. {@link #servlet()} is a Jakarta servlet the application mounts at {@link #path()} on
 * its embedded server (the operator console's); {@link #start} registers the webhook with the
 * provider where that is done by API (Telegram's {@code setWebhook}) and begins accepting calls.
 *
 * <p>Each call is checked by the feed's {@link WebhookReceiver} (401 when not authentic), read into
 * posts relative to the durable cursor, and delivered through the same path as
 * {@link FeedPoller} does: the cursor moves only after the agent's inbox accepted an event, and the
 * answer is 200 only then. When the inbox refuses, or the trigger is not started, the answer is
 * 503 and the provider sends the call again later; a repeated call is skipped by the cursor or by
 * the inbox's event ids. So every post becomes exactly one event. Calls are handled one at a time
 * per webhook. Counts calls in {@code agentry.feed.webhook.calls} (tags {@code feed},
 * {@code outcome}). Thread-safe.
 */
public final class FeedWebhook implements Trigger {
    private static final Logger log = LoggerFactory.getLogger(FeedWebhook.class);

    private final Feed feed;
    private final WebhookReceiver receiver;
    private final CursorSettings cursor;
    private final String path;
    private final MeterRegistry registry;
    private final Object lock = new Object();
    private volatile EventSink sink;

    private FeedWebhook(Builder b) {
        this.feed = b.feed;
        this.receiver = b.receiver;
        this.cursor = b.cursor;
        this.path = b.path;
        this.registry = b.registry;
    }

    /**
     * Starts a builder.
     *
     * @param feed the feed whose posts arrive by webhook
     * @param receiver the feed's receiver
     * @return a new builder
     */
    public static Builder builder(Feed feed, WebhookReceiver receiver) {
        return new Builder(Objects.requireNonNull(feed, "feed"), Objects.requireNonNull(receiver, "receiver"));
    }

    /**
     * Returns the path the servlet should be mounted at, such as {@code /webhooks/bot-1/telegram}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the feed.
     *
     * @return the feed
     */
    public Feed feed() {
        return feed;
    }

    /**
     * Returns a servlet that serves this webhook's calls (POST only); mount it at {@link #path()}.
     *
     * @return a new servlet bound to this webhook
     */
    public HttpServlet servlet() {
        return new WebhookServlet(this);
    }

    /**
     * Registers the webhook with the provider and starts accepting calls. A failed registration is
     * logged as an error and does not stop the agent: calls are accepted whenever the provider
     * makes them (it may still have the webhook from an earlier start).
     *
     * @param sink where events go
     */
    @Override
    public void start(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        try {
            receiver.register();
        } catch (FeedException e) {
            log.error("{}: registering the webhook failed: {}", feed.name(), e.getMessage());
        }
        this.sink = sink;
        log.info("{}: receiving updates by webhook at {}", feed.name(), path);
    }

    /** Stops accepting calls (they are answered 503, so the provider keeps them). Idempotent. */
    @Override
    public void close() {
        sink = null;
    }

    /**
     * Handles one call: authenticates it, delivers its posts, and says which HTTP status to answer.
     *
     * @param request the call
     * @return 200 when everything in it is in the inbox (or was before), 401 when not authentic,
     *     400 when unreadable, 503 when it should be sent again later
     */
    public int handle(WebhookRequest request) {
        EventSink current = sink;
        if (current == null) {
            return outcome(503, "not_started");
        }
        if (!receiver.authentic(request)) {
            log.warn("{}: refused a webhook call that is not authentic", feed.name());
            return outcome(401, "not_authentic");
        }
        synchronized (lock) {
            try {
                String key = cursor.key(feed);
                FeedBatch batch = receiver.batch(request, cursor.store().get(key));
                boolean complete = CursorDelivery.deliver(feed, batch, current, cursor.store(), key).complete();
                return complete ? outcome(200, "delivered") : outcome(503, "inbox_full");
            } catch (FeedException e) {
                log.warn("{}: webhook call not handled: {}", feed.name(), e.getMessage());
                return e.reason() == FeedException.Reason.MALFORMED_RESPONSE ? outcome(400, "malformed") : outcome(503, "failed");
            }
        }
    }

    private int outcome(int status, String outcome) {
        if (registry != null) {
            Counter.builder("agentry.feed.webhook.calls").description("Webhook calls received from social feeds")
                    .tag("feed", feed.name()).tag("outcome", outcome).register(registry).increment();
        }
        return status;
    }

    @Override
    public String toString() {
        return "FeedWebhook[" + feed.name() + " at " + path + "]";
    }

    /** Configures a {@link FeedWebhook}. Not thread-safe; each setting may be given once. */
    public static final class Builder {
        private final Once once = new Once("FeedWebhook.Builder");
        private final Feed feed;
        private final WebhookReceiver receiver;
        private final CursorSettings cursor = new CursorSettings(once);
        private String path;
        private MeterRegistry registry;

        private Builder(Feed feed, WebhookReceiver receiver) {
            this.feed = feed;
            this.receiver = receiver;
        }

        /**
         * Sets the durable cursor store (required): the one a poller of the feed would use, so the
         * feed can switch between polling and its webhook without losing its place.
         *
         * @param cursors the store
         * @return this builder
         */
        public Builder cursors(CursorStore cursors) {
            cursor.store(cursors);
            return this;
        }

        /**
         * Sets the path the servlet is meant for (required).
         *
         * @param path starting with {@code /}
         * @return this builder
         */
        public Builder path(String path) {
            once.mark("path");
            if (path == null || !path.startsWith("/") || path.contains("?")) {
                throw new IllegalArgumentException("webhook path must start with / and have no query, was " + path);
            }
            this.path = path;
            return this;
        }

        /**
         * Overrides the cursor key; by default it is a poller's, {@code feed + ":mentions:" + own
         * account id}.
         *
         * @param key the key, not blank
         * @return this builder
         */
        public Builder cursorKey(String key) {
            cursor.key(key);
            return this;
        }

        /**
         * Counts calls in {@code agentry.feed.webhook.calls}.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            once.mark("meterRegistry");
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Builds the webhook.
         *
         * @return the webhook, not yet started
         * @throws IllegalStateException if the cursor store or the path is missing
         */
        public FeedWebhook build() {
            if (!cursor.hasStore() || path == null) {
                throw new IllegalStateException("FeedWebhook for " + feed.name() + " needs cursors(..) and path(..)");
            }
            return new FeedWebhook(this);
        }
    }
}
