package dev.agentry.core.internal.turn;

import dev.agentry.core.Event;
import dev.agentry.core.ModelCall;
import dev.agentry.core.ToolCall;
import dev.langchain4j.data.message.ChatMessage;
import io.micrometer.observation.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one turn: its event, the conversation sent to the model, the model and tool calls
 * made so far, and whether a tool already answered the event. Created for one turn and dropped
 * with it, so a turn abandoned after a timeout shares nothing with the next one. A direct tool
 * invocation outside a model turn gets a turn of its own too.
 *
 * <p>The turn's own thread drives it; {@link #abandon()} and {@link #markAnswered()} may be called
 * from other threads (the host that timed it out, a tool's worker thread).
 */
public final class Turn {
    private final String id = UUID.randomUUID().toString();
    private final Event event;
    private final Instant startedAt;
    private final long startNanos;
    private final List<ChatMessage> messages = new ArrayList<>();
    private final List<ModelCall> modelCalls = new CopyOnWriteArrayList<>();
    private final List<ToolCall> toolCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger toolCallCount = new AtomicInteger();
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicBoolean abandoned = new AtomicBoolean();
    private volatile Observation observation = Observation.NOOP;

    /**
     * Starts a turn.
     *
     * @param event the event it processes
     * @param startedAt when it started
     */
    public Turn(Event event, Instant startedAt) {
        this.event = event;
        this.startedAt = startedAt;
        this.startNanos = System.nanoTime();
    }

    /** The turn's id, unique; runtime events of the turn carry it. */
    public String id() {
        return id;
    }

    /** The turn's observation, the parent of its model and tool calls' ({@link Observation#NOOP} until started). */
    Observation observation() {
        return observation;
    }

    /** Sets the turn's observation (turn thread, at the start). */
    void observe(Observation started) {
        this.observation = started;
    }

    /** The event. */
    public Event event() {
        return event;
    }

    /** When the turn started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** {@link System#nanoTime()} at the start, for the duration. */
    long startNanos() {
        return startNanos;
    }

    /** The conversation sent to the model, appended to as the turn goes on (turn thread only). */
    public List<ChatMessage> messages() {
        return messages;
    }

    /** The model calls so far. */
    public List<ModelCall> modelCalls() {
        return modelCalls;
    }

    /** The tool calls so far. */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /** Counts one more tool call and returns the count, this one included. */
    int countToolCall() {
        return toolCallCount.incrementAndGet();
    }

    /** A tool answered the event itself: the model's final text is not sent as a second reply. */
    public void markAnswered() {
        answered.set(true);
    }

    /** Whether a tool answered the event (then the model's final text is not sent as a reply). */
    public boolean answered() {
        return answered.get();
    }

    /** Gives the turn up (its host timed it out): it makes no further model call, tool call or reply. */
    public void abandon() {
        abandoned.set(true);
    }

    /**
     * Throws if the turn was abandoned; called before every step that has an effect.
     *
     * @throws TurnAbandonedException if it was
     */
    void checkNotAbandoned() {
        if (abandoned.get()) {
            throw new TurnAbandonedException(event.id());
        }
    }
}
