package dev.agentry.memory.internal;

import java.time.Instant;

/** Instants as epoch nanoseconds in a BIGINT column: exact round trips until year 2262. */
public final class Times {
    private static final Instant MIN = Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000_000L + 1);
    private static final Instant MAX = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);

    private Times() {}

    /** Epoch nanoseconds of an instant; fails beyond the years 1677 to 2262. */
    public static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** Epoch nanoseconds of an instant, instants beyond the years 1677 to 2262 clamped to the nearest end (for filters). */
    public static long clampedNanos(Instant t) {
        return t.isBefore(MIN) ? Long.MIN_VALUE : t.isAfter(MAX) ? Long.MAX_VALUE : toNanos(t);
    }

    /** The instant of epoch nanoseconds. */
    public static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
