package dev.agentry.console.internal;

import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.RuntimeListener;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's view of the runtime's events: each event numbered and kept as JSON in a ring
 * buffer (so a browser that reconnects catches up), streamed to every connected browser, and
 * added to the charts' {@link Series}. Subscribed to the runtime as a {@link RuntimeListener}, so
 * it runs on its own delivery thread. Thread-safe.
 */
public final class EventFeed implements RuntimeListener {
    private final int capacity;
    private final ArrayDeque<Entry> ring = new ArrayDeque<>();
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Series series;
    private long next = 1;

    /**
     * One numbered event.
     *
     * @param seq its number, from 1
     * @param type the event's type
     * @param json its JSON
     */
    public record Entry(long seq, String type, String json) {}

    /** Creates a feed keeping the last {@code capacity} events. */
    public EventFeed(int capacity, Series series) {
        this.capacity = capacity;
        this.series = series;
    }

    @Override
    public void onEvent(RuntimeEvent event) {
        series.add(event);
        String json = Wire.JSON.writeValueAsString(EventWire.of(event));
        synchronized (ring) {
            Entry entry = new Entry(next++, event.type(), json);
            ring.addLast(entry);
            if (ring.size() > capacity) {
                ring.removeFirst();
            }
            clients.forEach(c -> c.offer(entry));
        }
    }

    /** The number of the latest event, 0 before the first. */
    public long latest() {
        synchronized (ring) {
            return next - 1;
        }
    }

    /** The buffered events numbered above {@code seq}, oldest first. */
    public List<Entry> since(long seq) {
        synchronized (ring) {
            List<Entry> after = new ArrayList<>();
            ring.forEach(e -> {
                if (e.seq() > seq) {
                    after.add(e);
                }
            });
            return after;
        }
    }

    /** Streams to a browser: first the buffered events after {@code lastSeen}, then every new one. */
    public void attach(AsyncContext async, long lastSeen) throws IOException {
        SseClient client = new SseClient(async, clients::remove);
        synchronized (ring) {
            since(lastSeen).forEach(client::offer);
            clients.add(client);
        }
        client.start();
    }

    /** How many browsers are connected. */
    public int clients() {
        return clients.size();
    }

    /** Disconnects every browser. */
    public void close() {
        List.copyOf(clients).forEach(SseClient::close);
    }
}
