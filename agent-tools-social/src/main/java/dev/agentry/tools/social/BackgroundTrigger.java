package dev.agentry.tools.social;

import dev.agentry.core.EventSink;
import dev.agentry.core.Trigger;
import java.time.Duration;
import java.util.Objects;

/** A trigger that runs on one virtual thread from {@link #start} until {@link #close}. */
abstract sealed class BackgroundTrigger implements Trigger permits FeedPoller, AutonomousPostTrigger {
    private final String description;
    private final String threadName;
    private volatile Thread thread;
    private volatile boolean closed;

    BackgroundTrigger(String description, String threadName) {
        this.description = description;
        this.threadName = threadName;
    }

    /** The trigger's work, on its thread; returns when {@link #closed()} or interrupted. */
    abstract void run(EventSink sink);

    /**
     * Starts the trigger on a virtual thread.
     *
     * @param sink where events go
     * @throws IllegalStateException if already started or closed
     */
    @Override
    public final synchronized void start(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (thread != null || closed) {
            throw new IllegalStateException(description + " was already started");
        }
        thread = Thread.ofVirtual().name(threadName).start(() -> run(sink));
    }

    /** Stops the trigger and waits up to 5 seconds for its thread to end. Idempotent. */
    @Override
    public final void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@link #close()} was called. */
    final boolean closed() {
        return closed;
    }
}
