package dev.agentry.tools.social;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a feed works, as its {@link FeedPoller} last saw it. A feed is unhealthy while its
 * credentials are refused or something else holds it ({@link FeedException.Reason#AUTH},
 * {@link FeedException.Reason#CONFLICT}); passing failures (5xx, rate limits) do not count. The
 * operator console shows it; the poller keeps trying and turns healthy again on its own.
 *
 * @param healthy {@code true} while polling works
 * @param problem the failure that made it unhealthy (its message names the feed and the fix,
 *     never a secret)
 * @param since when it became unhealthy
 */
public record FeedHealth(boolean healthy, Optional<FeedException> problem, Optional<Instant> since) {

    /** A feed that works. */
    public static final FeedHealth HEALTHY = new FeedHealth(true, Optional.empty(), Optional.empty());

    /** Checks arguments: an unhealthy feed has a problem and a start, a healthy one neither. */
    public FeedHealth {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(since, "since");
        if (healthy == problem.isPresent() || problem.isPresent() != since.isPresent()) {
            throw new IllegalArgumentException("FeedHealth: an unhealthy feed needs a problem and a start, a healthy one neither");
        }
    }

    /**
     * Describes an unhealthy feed.
     *
     * @param problem why
     * @param since since when
     * @return the health
     */
    public static FeedHealth unhealthy(FeedException problem, Instant since) {
        return new FeedHealth(false, Optional.of(problem), Optional.of(since));
    }
}
