package dev.agentry.core.internal;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.Event;
import dev.agentry.core.FencedException;
import dev.agentry.core.Journal;
import dev.agentry.core.Limits;
import dev.agentry.core.TurnResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One agent's bounded, ordered queue of accepted events. An event is journalled as accepted before
 * it is queued, so once {@link #offerAll} returns its future the event survives a crash; the events
 * of one call that fit in the mailbox are journalled together ({@link Journal#acceptAll}: one commit
 * on a durable journal). A full mailbox applies the overflow policy event by event. Thread-safe.
 */
final class Mailbox {
    /** A queued event and the future of its turn. */
    record Item(Event event, CompletableFuture<TurnResult> future) {}

    private final String agentId;
    private final Journal journal;
    private final Limits limits;
    private final Metrics metrics;
    private final Clock clock;
    private final Consumer<DeadLetter> deadLetters;
    private final Consumer<FencedException> onFenced;
    private final LinkedBlockingDeque<Item> queue = new LinkedBlockingDeque<>();
    private final Object lock = new Object();

    Mailbox(String agentId, Journal journal, Limits limits, Metrics metrics, Clock clock, Consumer<DeadLetter> deadLetters,
            Consumer<FencedException> onFenced) {
        this.agentId = agentId;
        this.journal = journal;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.deadLetters = deadLetters;
        this.onFenced = onFenced;
    }

    /**
     * Journals and queues events in order; returns each one's future: its turn's result, at once
     * {@link TurnResult.Outcome#DUPLICATE} for an id the journal knows, or failed when the full
     * mailbox refused it or the journal is fenced.
     *
     * @throws RuntimeException what the journal threw when it could not accept (nothing of that write was accepted)
     */
    List<CompletableFuture<TurnResult>> offerAll(List<Event> events) {
        List<CompletableFuture<TurnResult>> results = new ArrayList<>(events.size());
        int next = 0;
        while (next < events.size()) {
            synchronized (lock) {
                Optional<CompletableFuture<TurnResult>> refused = awaitRoom(events.get(next));
                if (refused.isPresent()) {
                    results.add(refused.get());
                    next++;
                    continue;
                }
                int room = limits.mailboxCapacity() - queue.size();
                List<Event> chunk = events.subList(next, Math.min(events.size(), next + room));
                results.addAll(accept(chunk));
                next += chunk.size();
            }
        }
        return results;
    }

    /** Waits (holding the lock) until there is room, as the overflow policy says; the refusal if there is none. */
    private Optional<CompletableFuture<TurnResult>> awaitRoom(Event event) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (queue.size() >= limits.mailboxCapacity()) {
            switch (limits.overflow()) {
                case REJECT -> {
                    return refuse("mailbox of agent '" + agentId + "' is full (capacity " + limits.mailboxCapacity() + "); event " + event.id()
                            + " not accepted");
                }
                case BLOCK -> {
                    long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (wait <= 0) {
                        return refuse("mailbox of agent '" + agentId + "' stayed full for 1 s (capacity " + limits.mailboxCapacity() + "); event "
                                + event.id() + " not accepted");
                    }
                    try {
                        lock.wait(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return refuse("interrupted while waiting for mailbox space");
                    }
                }
                case DROP_OLDEST -> {
                    Item dropped = queue.pollFirst();
                    if (dropped != null) {
                        String reason = "dropped from a full mailbox (capacity " + limits.mailboxCapacity() + ") to make room for newer events";
                        deadLetters.accept(new DeadLetter(agentId, dropped.event(), 0, reason, clock.instant()));
                        dropped.future().complete(failed(dropped.event(), reason));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<CompletableFuture<TurnResult>> refuse(String why) {
        metrics.event(agentId, "rejected");
        return Optional.of(CompletableFuture.failedFuture(new RejectedExecutionException(why)));
    }

    /** Journals the events in one write and queues those new to the journal (holding the lock). */
    private List<CompletableFuture<TurnResult>> accept(List<Event> chunk) {
        List<Boolean> accepted;
        try {
            accepted = journal.acceptAll(agentId, chunk);
        } catch (FencedException e) {
            onFenced.accept(e);
            return Collections.nCopies(chunk.size(), CompletableFuture.failedFuture(e));
        } catch (RuntimeException e) {
            queueAcceptedBefore(e, chunk);
            throw e;
        }
        if (accepted.size() != chunk.size()) {
            throw new IllegalStateException("the journal answered " + accepted.size() + " acceptances for " + chunk.size() + " events");
        }
        List<CompletableFuture<TurnResult>> results = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Event event = chunk.get(i);
            if (!accepted.get(i)) {
                metrics.event(agentId, "duplicate");
                results.add(CompletableFuture.completedFuture(new TurnResult(agentId, event, TurnResult.Outcome.DUPLICATE, Optional.empty(),
                        List.of(), List.of(), clock.instant(), Duration.ZERO, Optional.empty())));
                continue;
            }
            Item item = new Item(event, new CompletableFuture<>());
            queue.addLast(item);
            metrics.event(agentId, "accepted");
            results.add(item.future());
        }
        return results;
    }

    /**
     * After a failed write of several events, queues those the journal accepted before it failed
     * (a journal that accepts one by one), so they run now rather than after the next start.
     */
    private void queueAcceptedBefore(RuntimeException failure, List<Event> chunk) {
        if (chunk.size() < 2) {
            return;
        }
        Set<String> ids = new HashSet<>();
        chunk.forEach(e -> ids.add(e.id()));
        queue.forEach(item -> ids.remove(item.event().id()));
        try {
            for (Event event : journal.pending(agentId)) {
                if (ids.remove(event.id())) {
                    queue.addLast(new Item(event, new CompletableFuture<>()));
                    metrics.event(agentId, "accepted");
                }
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Queues an event without journalling it (a dead letter retried). */
    CompletableFuture<TurnResult> requeue(Event event) {
        Item item = new Item(event, new CompletableFuture<>());
        synchronized (lock) {
            queue.addLast(item);
        }
        return item.future();
    }

    /** Puts the journal's accepted but unfinished events, oldest first, ahead of what is queued (after a restart). */
    void recover(List<Event> pending) {
        synchronized (lock) {
            Set<String> queued = new HashSet<>();
            queue.forEach(item -> queued.add(item.event().id()));
            List<Item> recovered = new ArrayList<>();
            for (Event event : pending) {
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

    /** The next event, waiting up to the timeout; wakes offers that wait for room. */
    Item poll(long timeout, TimeUnit unit) throws InterruptedException {
        Item item = queue.pollFirst(timeout, unit);
        if (item != null) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
        return item;
    }

    /** Fails every queued event's future with what {@code why} gives for it, emptying the queue. */
    void rejectAll(Function<Event, Throwable> why) {
        Item item;
        while ((item = queue.pollFirst()) != null) {
            item.future().completeExceptionally(why.apply(item.event()));
        }
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    private TurnResult failed(Event event, String reason) {
        return new TurnResult(agentId, event, TurnResult.Outcome.FAILED, Optional.empty(), List.of(), List.of(), clock.instant(),
                Duration.ZERO, Optional.of(reason));
    }
}
