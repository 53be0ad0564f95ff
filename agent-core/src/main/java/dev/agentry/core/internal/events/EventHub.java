package dev.agentry.core.internal.events;

import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.RuntimeListener;
import dev.agentry.core.internal.Metrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands runtime events to listeners without ever blocking the thread that publishes: each
 * listener has a {@link Delivery} with its own bounded queue and thread. Publishing with no
 * listener costs one volatile read. Thread-safe.
 */
public final class EventHub implements AutoCloseable {
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final int capacity;
    private final Metrics metrics;
    private volatile boolean closed;

    /**
     * Creates a hub.
     *
     * @param capacity each listener's queue capacity, at least 1
     * @param metrics where drops and failures are counted
     */
    public EventHub(int capacity, Metrics metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("listener queue capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.metrics = metrics;
    }

    /** Whether anyone listens: callers may skip building an event nobody will see. */
    public boolean active() {
        return !deliveries.isEmpty();
    }

    /** Queues an event for every listener; never blocks, never throws. */
    public void publish(RuntimeEvent event) {
        for (Delivery delivery : deliveries) {
            delivery.offer(event);
        }
    }

    /**
     * Starts delivering to a listener.
     *
     * @param listener the listener
     * @return its subscription
     * @throws IllegalStateException if the hub is closed
     */
    public RuntimeListener.Subscription subscribe(RuntimeListener listener) {
        if (closed) {
            throw new IllegalStateException("the runtime is closed; no listener can subscribe");
        }
        Delivery delivery = new Delivery(listener, capacity, metrics, deliveries::remove);
        deliveries.add(delivery);
        delivery.start();
        return delivery;
    }

    /** Stops every delivery, each after up to a second of draining. */
    @Override
    public void close() {
        closed = true;
        deliveries.forEach(Delivery::close);
    }
}
