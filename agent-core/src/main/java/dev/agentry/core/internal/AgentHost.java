package dev.agentry.core.internal;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.Event;
import dev.agentry.core.EventGate;
import dev.agentry.core.EventSink;
import dev.agentry.core.FencedException;
import dev.agentry.core.Journal;
import dev.agentry.core.Limits;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.Trigger;
import dev.agentry.core.TurnResult;
import dev.agentry.core.internal.events.EventHub;
import dev.agentry.core.internal.turn.ResultText;
import dev.agentry.core.internal.turn.Turn;
import dev.agentry.core.internal.turn.TurnRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent inside the runtime: its ordered, bounded mailbox and the virtual thread that runs its
 * turns one at a time, with retries and dead letters. A {@link FencedException} from the journal
 * (another runtime owns the agent now) stops it at once: no retry, no turn record, no dead letter.
 */
public final class AgentHost {
    private static final Logger log = LoggerFactory.getLogger(AgentHost.class);

    private final String agentId;
    private final TurnRunner runner;
    private final Journal journal;
    private final Limits limits;
    private final Metrics metrics;
    private final EventHub events;
    private final Clock clock;
    private final Duration retryBackoff;
    private final List<Trigger> triggers;
    private final LinkedBlockingDeque<Item> queue = new LinkedBlockingDeque<>();
    private final Object lock = new Object();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile EventGate gate = EventGate.allOf(List.of());
    private volatile boolean running;
    private volatile FencedException fencedBy;
    private Thread consumer;

    private record Item(Event event, CompletableFuture<TurnResult> future) {}

    /** Creates a host; call {@link #start()} to run it. */
    public AgentHost(String agentId, TurnRunner runner, Journal journal, Limits limits, Metrics metrics, EventHub events, Clock clock,
            Duration retryBackoff, List<Trigger> triggers) {
        this.agentId = agentId;
        this.runner = runner;
        this.journal = journal;
        this.limits = limits;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.retryBackoff = retryBackoff;
        this.triggers = List.copyOf(triggers);
        metrics.mailbox(agentId, this::depth);
    }

    /** Sets the gate every arriving event passes before it is accepted; call before {@link #start()}. */
    public void gate(EventGate gate) {
        this.gate = java.util.Objects.requireNonNull(gate, "gate");
    }

    /** The agent's id. */
    public String agentId() {
        return agentId;
    }

    /** The turn runner. */
    public TurnRunner runner() {
        return runner;
    }

    /** Events queued, not counting the one being processed. */
    public int depth() {
        return queue.size();
    }

    /** Queues an event unless it is a duplicate or the mailbox refuses it. */
    public CompletableFuture<TurnResult> submit(Event arrived) {
        if (fencedBy != null) {
            return CompletableFuture.failedFuture(fencedBy);
        }
        Optional<Event> admitted = gate.admit(agentId, arrived);
        if (admitted.isEmpty()) {
            metrics.event(agentId, "gated");
            return CompletableFuture.completedFuture(new TurnResult(agentId, arrived, TurnResult.Outcome.GATED, Optional.empty(),
                    List.of(), List.of(), clock.instant(), Duration.ZERO, Optional.empty()));
        }
        Event event = admitted.get();
        if (!accepting) {
            metrics.event(agentId, "rejected");
            return CompletableFuture.failedFuture(new RejectedExecutionException("agent '" + agentId + "' is shutting down; event " + event.id() + " not accepted"));
        }
        runner.prefetch(event);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        synchronized (lock) {
            while (queue.size() >= limits.mailboxCapacity()) {
                switch (limits.overflow()) {
                    case REJECT -> {
                        metrics.event(agentId, "rejected");
                        return CompletableFuture.failedFuture(new RejectedExecutionException("mailbox of agent '" + agentId
                                + "' is full (capacity " + limits.mailboxCapacity() + "); event " + event.id() + " not accepted"));
                    }
                    case BLOCK -> {
                        long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                        if (wait <= 0) {
                            metrics.event(agentId, "rejected");
                            return CompletableFuture.failedFuture(new RejectedExecutionException("mailbox of agent '" + agentId
                                    + "' stayed full for 1 s (capacity " + limits.mailboxCapacity() + "); event " + event.id() + " not accepted"));
                        }
                        try {
                            lock.wait(wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return CompletableFuture.failedFuture(new RejectedExecutionException("interrupted while waiting for mailbox space"));
                        }
                    }
                    case DROP_OLDEST -> {
                        Item dropped = queue.pollFirst();
                        if (dropped != null) {
                            String reason = "dropped from a full mailbox (capacity " + limits.mailboxCapacity() + ") to make room for newer events";
                            deadLetter(new DeadLetter(agentId, dropped.event(), 0, reason, clock.instant()));
                            dropped.future().complete(failed(dropped.event(), reason));
                        }
                    }
                }
            }
            boolean accepted;
            try {
                accepted = journal.accept(agentId, event);
            } catch (FencedException e) {
                onFenced(e);
                return CompletableFuture.failedFuture(e);
            }
            if (!accepted) {
                metrics.event(agentId, "duplicate");
                return CompletableFuture.completedFuture(new TurnResult(agentId, event, TurnResult.Outcome.DUPLICATE, Optional.empty(),
                        List.of(), List.of(), clock.instant(), Duration.ZERO, Optional.empty()));
            }
            Item item = new Item(event, new CompletableFuture<>());
            queue.addLast(item);
            metrics.event(agentId, "accepted");
            return item.future();
        }
    }

    /**
     * Queues a dead-lettered event again, with its id (so its tool calls keep their idempotency
     * keys and what was done is replayed, not repeated). It bypasses the journal's duplicate check;
     * it is not in the journal's inbox, so a restart before it runs does not run it.
     */
    public CompletableFuture<TurnResult> retry(Event event) {
        if (!accepting) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("agent '" + agentId + "' is shutting down"));
        }
        Item item = new Item(event, new CompletableFuture<>());
        synchronized (lock) {
            queue.addLast(item);
        }
        metrics.event(agentId, "retried");
        return item.future();
    }

    /** Whether a turn is running now. */
    public boolean busy() {
        return inFlight.get() > 0;
    }

    private void deadLetter(DeadLetter letter) {
        journal.deadLetter(letter);
        metrics.deadLetter(agentId);
        events.publish(new RuntimeEvent.DeadLettered(agentId, letter, letter.at()));
    }

    /** Queues the events the journal holds as accepted but unfinished (after a restart). */
    public void recover() {
        synchronized (lock) {
            java.util.Set<String> queued = new java.util.HashSet<>();
            queue.forEach(item -> queued.add(item.event().id()));
            List<Item> recovered = new java.util.ArrayList<>();
            for (Event event : journal.pending(agentId)) {
                if (!queued.contains(event.id())) {
                    recovered.add(new Item(event, new CompletableFuture<>()));
                    metrics.event(agentId, "recovered");
                }
            }
            for (int i = recovered.size() - 1; i >= 0; i--) {
                queue.addFirst(recovered.get(i));
            }
        }
    }

    /** Starts the consumer thread and the triggers. */
    public void start(EventSink sink) {
        running = true;
        consumer = Thread.ofVirtual().name("agentry-agent-" + agentId).start(this::consume);
        for (Trigger trigger : triggers) {
            try {
                trigger.start(sink);
            } catch (RuntimeException e) {
                log.error("agent {}: trigger {} failed to start: {}", agentId, trigger.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /** Stops taking events and stops the triggers. */
    public void stopAccepting() {
        accepting = false;
        for (Trigger trigger : triggers) {
            try {
                trigger.close();
            } catch (RuntimeException e) {
                log.warn("agent {}: trigger {} failed to close: {}", agentId, trigger.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /** Whether the mailbox is empty and no turn is running. */
    public boolean idle() {
        return queue.isEmpty() && inFlight.get() == 0;
    }

    /** Stops the consumer at once; events still queued stay in the journal's inbox for the next start. */
    public void stop() {
        stop(Duration.ZERO);
    }

    /**
     * Stops the consumer: the turn in flight may finish for up to {@code grace} (without retries),
     * then it is abandoned; events still queued stay in the journal's inbox.
     *
     * @return whether the consumer ended within the grace, abandoning nothing
     */
    public boolean stop(Duration grace) {
        running = false;
        boolean finished = true;
        if (consumer != null) {
            try {
                finished = consumer.join(grace);
                if (!finished) {
                    consumer.interrupt();
                    consumer.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                consumer.interrupt();
                finished = false;
            }
        }
        rejectQueued("the agent stopped before it was processed; it stays in the journal inbox");
        return finished;
    }

    /** Whether a journal write was refused because another runtime owns the agent now. */
    public boolean fenced() {
        return fencedBy != null;
    }

    private void onFenced(FencedException e) {
        synchronized (lock) {
            if (fencedBy != null) {
                return;
            }
            fencedBy = e;
            running = false;
        }
        log.warn("agent {} stops: {}", agentId, e.getMessage());
        Thread.ofVirtual().name("agentry-fenced-" + agentId).start(this::stopAccepting);
        rejectQueued("the agent is owned elsewhere now; it stays in the journal inbox");
    }

    private void rejectQueued(String why) {
        Item item;
        while ((item = queue.pollFirst()) != null) {
            item.future().completeExceptionally(fencedBy != null ? fencedBy
                    : new RejectedExecutionException("agent '" + agentId + "': event " + item.event().id() + " not processed: " + why));
        }
    }

    private void consume() {
        while (running) {
            Item item;
            try {
                item = queue.pollFirst(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                continue;
            }
            inFlight.incrementAndGet();
            synchronized (lock) {
                lock.notifyAll();
            }
            try {
                item.future().complete(process(item.event()));
            } catch (FencedException e) {
                item.future().completeExceptionally(e);
                onFenced(e);
            } catch (RuntimeException e) {
                log.error("agent {}: event {} could not be recorded: {}", agentId, item.event().id(), e.toString());
                item.future().completeExceptionally(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private TurnResult process(Event event) {
        TurnResult result = null;
        int attempt = 0;
        while (attempt < limits.maxAttempts()) {
            attempt++;
            result = runWithTimeout(event);
            if (result.outcome() != TurnResult.Outcome.FAILED || !running) {
                break;
            }
            if (attempt < limits.maxAttempts()) {
                try {
                    Thread.sleep(retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (result.outcome() == TurnResult.Outcome.FAILED && (!running || Thread.currentThread().isInterrupted())) {
            journal.recordTurn(result);
            return result;
        }
        if (result.outcome() == TurnResult.Outcome.FAILED || result.outcome() == TurnResult.Outcome.BUDGET_EXHAUSTED) {
            journal.recordTurn(result);
            String reason = result.error().orElse("failed") + (result.outcome() == TurnResult.Outcome.FAILED ? " (after " + attempt + " attempts)" : "");
            deadLetter(new DeadLetter(agentId, event, attempt, reason, clock.instant()));
            log.warn("agent {}: event {} dead-lettered: {}", agentId, event.id(), reason);
        } else {
            journal.finishTurn(result);
        }
        return result;
    }

    /**
     * Runs one attempt on a thread of its own. A turn that outlives its timeout is abandoned: it is
     * interrupted and makes no further model call, tool call or reply, and since all its state is
     * in its own {@link Turn}, the next attempt starts clean even while it winds down.
     */
    private TurnResult runWithTimeout(Event event) {
        Turn turn = runner.newTurn(event);
        FutureTask<TurnResult> task = new FutureTask<>(() -> runner.run(turn));
        Thread.ofVirtual().name("agentry-turn-" + agentId).start(task);
        try {
            return task.get(limits.turnTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            turn.abandon();
            task.cancel(true);
            return failed(event, "turn timed out after " + human(limits.turnTimeout()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FencedException fenced) {
                throw fenced;
            }
            return failed(event, "turn crashed: " + ResultText.describe(e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            turn.abandon();
            task.cancel(true);
            Thread.currentThread().interrupt();
            return failed(event, "interrupted by shutdown");
        }
    }

    private static String human(Duration timeout) {
        return timeout.toMillis() < 1_000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s";
    }

    private TurnResult failed(Event event, String reason) {
        return new TurnResult(agentId, event, TurnResult.Outcome.FAILED, Optional.empty(), List.of(), List.of(), clock.instant(),
                Duration.ZERO, Optional.of(reason));
    }
}
