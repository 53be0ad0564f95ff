package dev.agentry.tools.social;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Shared test helpers: WireMock on 127.0.0.1, fixtures, a recording sleeper, a recording sink. */
final class TestSupport {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestSupport() {}

    static WireMockServer startWireMock() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    static String fixture(String path) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/social/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock tests move forward by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Records requested waits and returns at once. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    /** Records events; refuses those matching a predicate. */
    static final class RecordingSink implements EventSink {
        final List<Event> events = new CopyOnWriteArrayList<>();
        /** The size of each page delivered in one call. */
        final List<Integer> pages = new CopyOnWriteArrayList<>();
        volatile Predicate<Event> refuse = e -> false;

        @Override
        public int deliverAll(List<Event> page) {
            pages.add(page.size());
            return EventSink.super.deliverAll(page);
        }

        @Override
        public boolean deliver(Event event) {
            if (refuse.test(event)) {
                return false;
            }
            events.add(event);
            return true;
        }

        List<String> ids() {
            return events.stream().map(Event::id).toList();
        }
    }
}
