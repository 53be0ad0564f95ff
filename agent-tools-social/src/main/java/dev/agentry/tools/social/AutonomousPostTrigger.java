package dev.agentry.tools.social;

import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import dev.agentry.core.Persona;
import dev.agentry.core.Trust;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.Once;
import dev.agentry.tools.social.internal.SocialAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link dev.agentry.core.Trigger} that asks the agent to write a post of its own at random intervals between a
 * minimum and a maximum (ElizaOS's {@code POST_INTERVAL_MIN}/{@code MAX}).
 *
 * <p>Each time, it delivers a synthetic {@link Event}: source the feed, author the agent itself,
 * trust {@code OWNER}, attributes {@code agentry.autonomous_post = "true"} and
 * {@code agentry.no_reply = "true"} (the runtime sends no channel reply), text an instruction to
 * write one new post from the persona's topics, style and post examples and publish it with
 * {@code social_post}. A refused delivery is retried with the same event (same id) until accepted.
 * {@link FeedChannel} sends no reply to these events. Thread-safe.
 */
public final class AutonomousPostTrigger extends BackgroundTrigger {
    private static final Logger log = LoggerFactory.getLogger(AutonomousPostTrigger.class);

    private final String feedName;
    private final TextLimit limit;
    private final Persona persona;
    private final Duration min;
    private final Duration max;
    private final Duration retryDelay;
    private final Sleeper sleeper;
    private final Random random;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private AutonomousPostTrigger(Builder b) {
        super("AutonomousPostTrigger for " + b.feed.name(), "agentry-autopost-" + b.feed.name());
        this.feedName = b.feed.name();
        this.limit = b.feed.textLimit();
        this.persona = b.persona;
        this.min = b.min;
        this.max = b.max;
        this.retryDelay = b.retryDelay;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @param feed the feed the posts go to
     * @return a new builder
     */
    public static Builder builder(Feed feed) {
        return new Builder(Objects.requireNonNull(feed, "feed"));
    }

    /**
     * Creates the next instruction event (without delivering it).
     *
     * @return the event
     */
    public Event nextEvent() {
        long millis = clock.instant().toEpochMilli();
        String id = feedName + ":autopost:" + millis + "-" + sequence.incrementAndGet();
        return new Event(id, feedName, persona.name(), "autopost:" + feedName, instruction(), Trust.OWNER, clock.instant(),
                Map.of(SocialAttributes.AUTONOMOUS_POST, "true", SocialAttributes.NO_REPLY, "true"));
    }

    /**
     * Returns the next wait, uniformly random between the minimum and the maximum.
     *
     * @return the wait
     */
    public Duration nextDelay() {
        long span = max.toMillis() - min.toMillis();
        return min.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * (span + 1)));
    }

    private String instruction() {
        var sb = new StringBuilder();
        sb.append("Write one new post of your own for ").append(feedName)
                .append(" and publish it by calling the social_post tool. It is not a reply to anyone. ")
                .append("Keep it within ").append(limit.max()).append(' ').append(switch (limit.unit()) {
                    case WEIGHTED_CHARACTERS -> "weighted characters";
                    case UTF8_BYTES -> "bytes";
                    case CHARACTERS -> "characters";
                }).append(" and do not repeat your recent posts.");
        List<String> topics = persona.topics();
        if (!topics.isEmpty()) {
            String topic = topics.get(random.nextInt(topics.size()));
            sb.append("\nTopic for this post: ").append(topic).append(" (your topics: ").append(String.join(", ", topics)).append(")");
        }
        var style = new ArrayList<String>(persona.style().all());
        style.addAll(persona.style().post());
        if (!style.isEmpty()) {
            sb.append("\nStyle:");
            style.forEach(s -> sb.append("\n- ").append(s));
        }
        if (!persona.postExamples().isEmpty()) {
            sb.append("\nExamples of your posts (write a new one, do not copy):");
            persona.postExamples().stream().limit(10).forEach(p -> sb.append("\n- ").append(p));
        }
        sb.append("\nAfter posting, answer with one short line saying what you posted.");
        return sb.toString();
    }

    /** Waits a random interval, delivers an instruction event, repeats, until closed. */
    @Override
    void run(EventSink sink) {
        try {
            while (!closed()) {
                sleeper.sleep(nextDelay());
                Event event = nextEvent();
                while (!closed() && !sink.deliver(event)) {
                    log.info("{}: inbox refused autonomous post request {}; retrying in {}", feedName, event.id(), retryDelay);
                    sleeper.sleep(retryDelay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{}: autonomous posting stopped", feedName, e);
        }
    }

    /** Configures an {@link AutonomousPostTrigger}. Not thread-safe; each setting may be given once. */
    public static final class Builder {
        private final Once once = new Once("AutonomousPostTrigger.Builder");
        private final Feed feed;
        private Persona persona;
        private Duration min = Duration.ofMinutes(90);
        private Duration max = Duration.ofMinutes(180);
        private Duration retryDelay = Duration.ofSeconds(30);
        private Sleeper sleeper = Sleeper.system();
        private Random random = new Random();
        private Clock clock = Clock.systemUTC();

        private Builder(Feed feed) {
            this.feed = feed;
        }

        /**
         * Sets the persona whose topics, style and post examples shape the instruction (required).
         *
         * @param persona the persona
         * @return this builder
         */
        public Builder persona(Persona persona) {
            once.mark("persona");
            this.persona = Objects.requireNonNull(persona, "persona");
            return this;
        }

        /**
         * Sets the range of the random interval between posts (default 90 to 180 minutes).
         *
         * @param min the shortest interval, positive
         * @param max the longest interval, at least {@code min}
         * @return this builder
         */
        public Builder interval(Duration min, Duration max) {
            once.mark("interval");
            FeedSettings.positive(min, "min");
            FeedSettings.positive(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("max (" + max + ") must not be less than min (" + min + ")");
            }
            this.min = min;
            this.max = max;
            return this;
        }

        /**
         * Sets the wait before offering a refused event again (default 30 s).
         *
         * @param delay the delay, positive
         * @return this builder
         */
        public Builder retryDelay(Duration delay) {
            once.mark("retryDelay");
            this.retryDelay = FeedSettings.positive(delay, "retryDelay");
            return this;
        }

        /**
         * Sets how the trigger waits.
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
         * Sets the random source of intervals and topics.
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
         * Sets the clock events are stamped with.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once.mark("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the trigger.
         *
         * @return the trigger
         * @throws IllegalStateException if no persona was set
         */
        public AutonomousPostTrigger build() {
            if (persona == null) {
                throw new IllegalStateException("AutonomousPostTrigger needs persona(..)");
            }
            return new AutonomousPostTrigger(this);
        }
    }
}
