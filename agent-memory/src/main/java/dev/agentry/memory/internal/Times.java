package dev.agentry.memory.internal;

import java.time.Instant;

/** Instants as epoch nanoseconds in a BIGINT column: exact round trips until year 2262. */
public final class Times {
    private Times() {}

    /** Epoch nanoseconds of an instant. */
    public static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** The instant of epoch nanoseconds. */
    public static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
