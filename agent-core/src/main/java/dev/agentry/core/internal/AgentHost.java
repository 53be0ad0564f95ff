package dev.agentry.core.internal;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import dev.agentry.core.Journal;
import dev.agentry.core.Limits;
import dev.agentry.core.Trigger;
import dev.agentry.core.TurnResult;
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
 * turns one at a time, with retries and dead letters.
 */
public final class AgentHost {
    private static final Logger log = LoggerFactory.getLogger(AgentHost.class);

    private final String agentId;
    private final TurnRunner runner;
    private final Journal journal;
    private final Limits limits;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration retryBackoff;
    private final List<Trigger> triggers;
    private final LinkedBlockingDeque<Item> queue = new LinkedBlockingDeque<>();
    private final Object lock = new Object();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile boolean running;
    private Thread consumer;

    private record Item(Event event, CompletableFuture<TurnResult> future) {}

    /** Creates a host; call {@link #start()} to run it. */
    public AgentHost(String agentId, TurnRunner runner, Journal journal, Limits limits, Metrics metrics, Clock clock,
            Duration retryBackoff, List<Trigger> triggers) {
        this.agentId = agentId;
        this.runner = runner;
        this.journal = journal;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.retryBackoff = retryBackoff;
        this.triggers = List.copyOf(triggers);
        metrics.mailbox(agentId, this::depth);
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
    public CompletableFuture<TurnResult> submit(Event event) {
        if (!accepting) {
            metrics.event(agentId, "rejected");
            return CompletableFuture.failedFuture(new RejectedExecutionException("agent '" + agentId + "' is shutting down; event " + event.id() + " not accepted"));
        }
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
                            journal.deadLetter(new DeadLetter(agentId, dropped.event(), 0, reason, clock.instant()));
                            metrics.deadLetter(agentId);
                            dropped.future().complete(failed(dropped.event(), reason));
                        }
                    }
                }
            }
            if (!journal.accept(agentId, event)) {
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

    /** Stops the consumer; events still queued stay in the journal's inbox for the next start. */
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.interrupt();
            try {
                consumer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Item item;
        while ((item = queue.pollFirst()) != null) {
            item.future().completeExceptionally(new RejectedExecutionException("runtime closed before event " + item.event().id()
                    + " was processed; it stays in the journal inbox"));
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
            journal.deadLetter(new DeadLetter(agentId, event, attempt, reason, clock.instant()));
            metrics.deadLetter(agentId);
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
