package dev.agentry.tools.social;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A poller's health meters: gauge {@code agentry.feed.healthy} and counter {@code agentry.feed.failures}. */
final class FeedHealthMeter {
    private final String feed;
    private final String agent;
    private final MeterRegistry registry;
    private final AtomicInteger healthy = new AtomicInteger(1);

    FeedHealthMeter(String feed, String agent, MeterRegistry registry) {
        this.feed = feed;
        this.agent = agent;
        this.registry = registry;
        if (registry != null) {
            Gauge.builder("agentry.feed.healthy", healthy, AtomicInteger::get)
                    .description("1 while the feed's credentials work, 0 while it backs off from refused credentials or a conflict")
                    .tag("feed", feed).tag("agent", agent).register(registry);
        }
    }

    void healthy(boolean value) {
        healthy.set(value ? 1 : 0);
    }

    void failed(FeedException.Reason reason) {
        healthy.set(0);
        if (registry != null) {
            Counter.builder("agentry.feed.failures").description("Polls that failed for a reason the operator must fix")
                    .tag("feed", feed).tag("agent", agent).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry).increment();
        }
    }
}
