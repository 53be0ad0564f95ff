package dev.agentry.core.internal.turn;

import java.time.Clock;

/** One agent's model tokens (in + out) per UTC day; 0 means no limit. Outlives turns on purpose. Thread-safe. */
public final class DailyTokenBudget {
    private static final long SECONDS_PER_DAY = 86_400;

    private final long limit;
    private final Clock clock;
    private long day = -1;
    private long used;

    /** Creates it for one agent. */
    public DailyTokenBudget(long limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    public long limit() {
        return limit;
    }

    public synchronized boolean exhausted() {
        roll();
        return limit > 0 && used >= limit;
    }

    /** Tokens used today (UTC). */
    public synchronized long usedToday() {
        roll();
        return used;
    }

    public synchronized void add(long tokens) {
        roll();
        used += tokens;
    }

    private void roll() {
        long today = clock.instant().getEpochSecond() / SECONDS_PER_DAY;
        if (today != day) {
            day = today;
            used = 0;
        }
    }
}
