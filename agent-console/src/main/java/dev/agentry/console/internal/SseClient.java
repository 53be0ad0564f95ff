package dev.agentry.console.internal;

import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One browser's server-sent event stream: a bounded queue and a virtual thread that writes it, so
 * a slow browser never holds up the feed. A browser that falls 1,000 events behind, or whose
 * connection breaks, is disconnected; its EventSource reconnects with {@code Last-Event-ID} and
 * gets what it missed from the feed's buffer. A comment line every 15 s keeps proxies from timing
 * the stream out and finds dead connections. Thread-safe.
 */
final class SseClient {
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final AsyncContext async;
    private final PrintWriter out;
    private final BlockingQueue<EventFeed.Entry> queue = new ArrayBlockingQueue<>(1_000);
    private final Consumer<SseClient> onClose;
    private volatile boolean open = true;

    SseClient(AsyncContext async, Consumer<SseClient> onClose) throws IOException {
        this.async = async;
        this.out = async.getResponse().getWriter();
        this.onClose = onClose;
    }

    void start() {
        Thread.ofVirtual().name("agentry-console-sse").start(this::run);
    }

    /** Queues an entry; a full queue disconnects the browser (it reconnects and catches up). */
    void offer(EventFeed.Entry entry) {
        if (open && !queue.offer(entry)) {
            close();
        }
    }

    void close() {
        if (!open) {
            return;
        }
        open = false;
        onClose.accept(this);
        try {
            async.complete();
        } catch (RuntimeException e) {
            // the connection is gone already
        }
    }

    private void run() {
        try {
            while (open) {
                EventFeed.Entry entry = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (entry == null) {
                    out.write(": ping\n\n");
                } else {
                    out.write("id: " + entry.seq() + "\nevent: " + entry.type() + "\ndata: " + entry.json() + "\n\n");
                }
                out.flush();
                if (out.checkError()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }
}
