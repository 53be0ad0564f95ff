package dev.agentry.memory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter on memories' creation time, both ends inclusive.
 *
 * @param from earliest creation time, if bounded
 * @param to latest creation time, if bounded
 */
public record TimeRange(Optional<Instant> from, Optional<Instant> to) {
    /** Checks arguments. */
    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("TimeRange.from " + from.get() + " is after TimeRange.to " + to.get());
        }
    }

    /**
     * Returns the unbounded range.
     *
     * @return all times
     */
    public static TimeRange all() {
        return new TimeRange(Optional.empty(), Optional.empty());
    }

    /**
     * Returns the range from an instant on.
     *
     * @param from earliest time
     * @return the range
     */
    public static TimeRange since(Instant from) {
        return new TimeRange(Optional.of(from), Optional.empty());
    }

    /**
     * Returns a closed range.
     *
     * @param from earliest time
     * @param to latest time
     * @return the range
     */
    public static TimeRange between(Instant from, Instant to) {
        return new TimeRange(Optional.of(from), Optional.of(to));
    }
}
