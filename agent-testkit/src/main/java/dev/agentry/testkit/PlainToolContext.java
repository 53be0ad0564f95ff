package dev.agentry.testkit;

import static dev.agentry.testkit.BuilderChecks.nonBlank;
import static dev.agentry.testkit.BuilderChecks.once;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A {@link ToolContext} that no runtime stands behind: for unit tests of a tool, and for operator
 * set-up steps that run a tool directly, outside any turn, journal and policy (deploying a sample
 * bot's token at start, for example).
 *
 * <p>It records what the tool reports, for a test to assert on: the {@linkplain #checkpoints()
 * checkpoints} (merged; later values win), the {@linkplain #settled() settled spends} and whether
 * the tool {@linkplain #eventAnswered() answered the event}. {@link #resumed()} makes the context
 * of the same call run again after a crash, whose {@link #interruptedAttempt()} carries what this
 * one checkpointed, so a test can check that a tool reconciles instead of acting twice.
 *
 * <pre>{@code
 * PlainToolContext first = PlainToolContext.create();
 * transfer.execute(args, first);                       // checkpoints tx.hash, tx.raw, ...
 * transfer.execute(args, first.resumed());             // must find that transaction, not send another
 *
 * PlainToolContext dying = PlainToolContext.builder()
 *         .onCheckpoint(details -> { throw new IllegalStateException("killed after the checkpoint"); })
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe: a tool may report from several threads, and one context may be shared by
 * concurrent calls (their checkpoints then merge).
 */
public final class PlainToolContext implements ToolContext {
    private final String agentId;
    private final Event event;
    private final String idempotencyKey;
    private final Optional<EffectRecord> interrupted;
    private final Consumer<Map<String, String>> onCheckpoint;
    private final Map<String, String> checkpoints = new LinkedHashMap<>();
    private List<Spend> settled;
    private boolean answered;

    private PlainToolContext(String agentId, Event event, String idempotencyKey, Optional<EffectRecord> interrupted,
            Consumer<Map<String, String>> onCheckpoint) {
        this.agentId = agentId;
        this.event = event;
        this.idempotencyKey = idempotencyKey;
        this.interrupted = interrupted;
        this.onCheckpoint = onCheckpoint;
    }

    /**
     * Returns a context with the defaults: agent {@code "agent"}, an {@link Trust#OWNER OWNER}
     * event, a fresh idempotency key and no interrupted attempt.
     *
     * @return a new context
     */
    public static PlainToolContext create() {
        return builder().build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public Event event() {
        return event;
    }

    @Override
    public String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public Optional<EffectRecord> interruptedAttempt() {
        return interrupted;
    }

    /**
     * Records the details, then runs the {@link Builder#onCheckpoint hook}, which may throw to
     * simulate a process that dies right after the journal write.
     *
     * @param details key/value pairs merged into the recorded checkpoints
     */
    @Override
    public void checkpoint(Map<String, String> details) {
        Map<String, String> copy = Map.copyOf(details);
        synchronized (this) {
            checkpoints.putAll(copy);
        }
        onCheckpoint.accept(copy);
    }

    @Override
    public synchronized void markEventAnswered() {
        answered = true;
    }

    @Override
    public synchronized void settle(List<Spend> actual) {
        settled = List.copyOf(actual);
    }

    /**
     * Returns every checkpoint recorded so far, merged in the order they came (a later value for
     * the same key wins), plus those of the interrupted attempt this context resumes.
     *
     * @return a snapshot, in insertion order
     */
    public synchronized Map<String, String> checkpoints() {
        Map<String, String> all = new LinkedHashMap<>(interrupted.map(EffectRecord::details).orElse(Map.of()));
        all.putAll(checkpoints);
        return java.util.Collections.unmodifiableMap(all);
    }

    /**
     * Returns what the tool last reported with {@link #settle}.
     *
     * @return the settled spends, or empty if the tool never settled
     */
    public synchronized Optional<List<Spend>> settled() {
        return Optional.ofNullable(settled);
    }

    /**
     * Returns whether the tool called {@link #markEventAnswered()}.
     *
     * @return {@code true} once it did
     */
    public synchronized boolean eventAnswered() {
        return answered;
    }

    /**
     * Returns the context of this same call run again after the process died: same agent, event
     * and idempotency key, and an interrupted attempt ({@link EffectRecord.Status#STARTED}) whose
     * details are {@link #checkpoints()} and whose spends are the settled ones, if any. The hook
     * is not carried over.
     *
     * @return a new context
     */
    public PlainToolContext resumed() {
        EffectRecord attempt = new EffectRecord(idempotencyKey, agentId, event.id(), "(resumed by PlainToolContext)",
                EffectRecord.Status.STARTED, checkpoints(), settled().orElse(List.of()), Optional.empty(), Instant.now());
        return new PlainToolContext(agentId, event, idempotencyKey, Optional.of(attempt), details -> { });
    }

    @Override
    public String toString() {
        return "PlainToolContext[agent=" + agentId + ", event=" + event.id() + ", key=" + idempotencyKey
                + (interrupted.isPresent() ? ", resuming" : "") + "]";
    }

    /**
     * Configures a {@link PlainToolContext}. Each setting may be given once; a second call throws
     * {@link IllegalStateException} naming it. Not thread-safe.
     */
    public static final class Builder {
        private String agentId;
        private Event event;
        private Trust trust;
        private String idempotencyKey;
        private EffectRecord interrupted;
        private Map<String, String> interruptedDetails;
        private Consumer<Map<String, String>> onCheckpoint;

        private Builder() {}

        /**
         * Sets the agent id ({@code "agent"} unless set).
         *
         * @param id a non-blank id
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws IllegalStateException if already set
         */
        public Builder agentId(String id) {
            once(agentId, "agentId");
            agentId = nonBlank(id, "agentId");
            return this;
        }

        /**
         * Sets the event the call is made for. Unless set, the event is
         * {@code test-event} from author {@code tester} with the {@linkplain #trust trust} given.
         *
         * @param event the event, which carries its own trust
         * @return this builder
         * @throws IllegalStateException if already set, or if a trust was set (the event has its own)
         */
        public Builder event(Event event) {
            once(this.event, "event");
            if (trust != null) {
                throw new IllegalStateException("trust was set to " + trust + "; an event carries its own trust, set one or the other");
            }
            this.event = Objects.requireNonNull(event, "event");
            return this;
        }

        /**
         * Sets the trust of the default event ({@link Trust#OWNER} unless set).
         *
         * @param trust the trust
         * @return this builder
         * @throws IllegalStateException if already set, or if an event was set
         */
        public Builder trust(Trust trust) {
            once(this.trust, "trust");
            if (event != null) {
                throw new IllegalStateException("event was set; an event carries its own trust (" + event.trust() + ")");
            }
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * Sets the idempotency key (a fresh random one unless set, so two contexts never share a
         * key by accident).
         *
         * @param key a non-blank key
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws IllegalStateException if already set
         */
        public Builder idempotencyKey(String key) {
            once(idempotencyKey, "idempotencyKey");
            idempotencyKey = nonBlank(key, "idempotencyKey");
            return this;
        }

        /**
         * Makes this a resumed call: {@link ToolContext#interruptedAttempt()} returns the record.
         *
         * @param record the earlier attempt's journal record
         * @return this builder
         * @throws IllegalStateException if an interrupted attempt was already set
         */
        public Builder interruptedAttempt(EffectRecord record) {
            onceInterrupted();
            interrupted = Objects.requireNonNull(record, "record");
            return this;
        }

        /**
         * Makes this a resumed call whose interrupted attempt ({@link EffectRecord.Status#STARTED},
         * same agent, event and key as this context) carries these checkpoints.
         *
         * @param checkpoints what the earlier attempt checkpointed, for example {@code tx.hash}
         * @return this builder
         * @throws IllegalStateException if an interrupted attempt was already set
         */
        public Builder interruptedAttempt(Map<String, String> checkpoints) {
            onceInterrupted();
            interruptedDetails = Map.copyOf(checkpoints);
            return this;
        }

        /**
         * Sets a hook run after each checkpoint is recorded. It may throw to simulate a process
         * killed right after the journal write (the tool then sees the exception).
         *
         * @param hook receives each checkpoint's details
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder onCheckpoint(Consumer<Map<String, String>> hook) {
            once(onCheckpoint, "onCheckpoint");
            onCheckpoint = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * Builds the context.
         *
         * @return the context
         */
        public PlainToolContext build() {
            String agent = agentId == null ? "agent" : agentId;
            Event e = event != null ? event
                    : Event.of("test-event", "test", "tester", "test-conversation", "test", trust == null ? Trust.OWNER : trust);
            String key = idempotencyKey == null ? "test-" + UUID.randomUUID() : idempotencyKey;
            Optional<EffectRecord> attempt = Optional.ofNullable(interrupted);
            if (interruptedDetails != null) {
                attempt = Optional.of(new EffectRecord(key, agent, e.id(), "(interrupted in a test)", EffectRecord.Status.STARTED,
                        interruptedDetails, List.of(), Optional.empty(), Instant.now()));
            }
            return new PlainToolContext(agent, e, key, attempt, onCheckpoint == null ? details -> { } : onCheckpoint);
        }

        private void onceInterrupted() {
            if (interrupted != null || interruptedDetails != null) {
                throw new IllegalStateException("interruptedAttempt was already set");
            }
        }
    }
}
