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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
    private final Mailbox mailbox;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile EventGate gate = EventGate.allOf(List.of());
    private volatile boolean running;
    private volatile FencedException fencedBy;
    private Thread consumer;

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
        this.mailbox = new Mailbox(agentId, journal, limits, metrics, clock, this::deadLetter, this::onFenced);
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
        return mailbox.size();
    }

    /** Queues an event unless it is a duplicate or the mailbox refuses it. */
    public CompletableFuture<TurnResult> submit(Event arrived) {
        return submitAll(List.of(arrived)).get(0);
    }

    /**
     * Queues events in order, each unless it is a duplicate or the mailbox refuses it; those that
     * pass the gate and fit in the mailbox are journalled in one write.
     */
    public List<CompletableFuture<TurnResult>> submitAll(List<Event> arrived) {
        List<CompletableFuture<TurnResult>> results = new ArrayList<>(Collections.nCopies(arrived.size(), null));
        List<Integer> positions = new ArrayList<>();
        List<Event> admitted = new ArrayList<>();
        for (int i = 0; i < arrived.size(); i++) {
            if (fencedBy != null) {
                results.set(i, CompletableFuture.failedFuture(fencedBy));
                continue;
            }
            Optional<Event> passed = gate.admit(agentId, arrived.get(i));
            if (passed.isEmpty()) {
                metrics.event(agentId, "gated");
                results.set(i, CompletableFuture.completedFuture(new TurnResult(agentId, arrived.get(i), TurnResult.Outcome.GATED,
                        Optional.empty(), List.of(), List.of(), clock.instant(), Duration.ZERO, Optional.empty())));
            } else if (!accepting) {
                metrics.event(agentId, "rejected");
                results.set(i, CompletableFuture.failedFuture(new RejectedExecutionException("agent '" + agentId + "' is shutting down; event "
                        + passed.get().id() + " not accepted")));
            } else {
                runner.prefetch(passed.get());
                positions.add(i);
                admitted.add(passed.get());
            }
        }
        List<CompletableFuture<TurnResult>> queued = admitted.isEmpty() ? List.of() : mailbox.offerAll(admitted);
        for (int k = 0; k < queued.size(); k++) {
            results.set(positions.get(k), queued.get(k));
        }
        return results;
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
        CompletableFuture<TurnResult> turn = mailbox.requeue(event);
        metrics.event(agentId, "retried");
        return turn;
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
        mailbox.recover(journal.pending(agentId));
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
        return mailbox.isEmpty() && inFlight.get() == 0;
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
        synchronized (this) {
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
        mailbox.rejectAll(event -> fencedBy != null ? fencedBy
                : new RejectedExecutionException("agent '" + agentId + "': event " + event.id() + " not processed: " + why));
    }

    private void consume() {
        while (running) {
            Mailbox.Item item;
            try {
                item = mailbox.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item == null) {
                continue;
            }
            inFlight.incrementAndGet();
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
