package dev.agentry.core.internal.events;

import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.RuntimeListener;
import dev.agentry.core.internal.Metrics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's queue and delivery thread. A full queue drops the newest event (and counts it),
 * a throwing listener is logged and counted; neither reaches the publisher. The thread is a
 * platform daemon thread, so a listener that blocks while holding a monitor cannot pin a carrier
 * thread the agents' virtual threads need. Thread-safe.
 */
final class Delivery implements RuntimeListener.Subscription {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private static final long DRAIN_MILLIS = 1_000;

    private final RuntimeListener listener;
    private final String name;
    private final BlockingQueue<RuntimeEvent> queue;
    private final Metrics metrics;
    private final Consumer<Delivery> onClose;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean open = true;

    Delivery(RuntimeListener listener, int capacity, Metrics metrics, Consumer<Delivery> onClose) {
        this.listener = listener;
        this.name = listener.getClass().getSimpleName().isEmpty() ? listener.getClass().getName() : listener.getClass().getSimpleName();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metrics = metrics;
        this.onClose = onClose;
        this.thread = Thread.ofPlatform().daemon().name("agentry-listener-" + name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void offer(RuntimeEvent event) {
        if (open && !queue.offer(event)) {
            dropped.incrementAndGet();
            metrics.listenerDropped(name);
        }
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        onClose.accept(this);
        try {
            thread.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            log.warn("listener {} did not finish its queued events within {} ms; {} dropped", name, DRAIN_MILLIS, queue.size());
        }
        queue.clear();
    }

    private void run() {
        while (open || !queue.isEmpty()) {
            RuntimeEvent event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event != null) {
                deliver(event);
            }
        }
    }

    private void deliver(RuntimeEvent event) {
        try {
            listener.onEvent(event);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            metrics.listenerFailed(name);
            long count = failures.incrementAndGet();
            if (Long.bitCount(count) == 1) {
                log.warn("listener {} failed on {} (failure #{}; logged at powers of two): {}", name, event.type(), count, e.toString());
            }
        }
    }
}
