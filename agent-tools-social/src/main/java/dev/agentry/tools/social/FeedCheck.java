package dev.agentry.tools.social;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Feed#check()} found about a feed before the agent starts: whether its credentials
 * work, what they allow, and settings that will not do what the operator expects (an X app-only
 * token that cannot post, Telegram's privacy mode, a webhook that blocks polling). The runner's
 * {@code agentry check} prints it; the findings never contain secrets.
 *
 * @param feed the feed's name
 * @param findings what was found, in the order it was checked (at least one)
 */
public record FeedCheck(String feed, List<Finding> findings) {

    /** How serious a finding is. */
    public enum Level {
        /** Works as configured. */
        OK,
        /** Works, but not fully or not as the operator may expect. */
        WARN,
        /** Will not work until the operator changes something. */
        FAIL
    }

    /**
     * One thing found.
     *
     * @param level how serious it is
     * @param message what was found and, for WARN and FAIL, what to do
     */
    public record Finding(Level level, String message) {
        /** Checks arguments. */
        public Finding {
            Objects.requireNonNull(level, "level");
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("FeedCheck.Finding.message must not be blank");
            }
        }
    }

    /** Checks arguments and copies the findings. */
    public FeedCheck {
        Objects.requireNonNull(feed, "feed");
        findings = List.copyOf(findings);
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("FeedCheck needs at least one finding");
        }
    }

    /**
     * Returns the most serious level among the findings.
     *
     * @return FAIL if any finding failed, else WARN if any warned, else OK
     */
    public Level level() {
        return findings.stream().map(Finding::level).max(Comparator.naturalOrder()).orElse(Level.OK);
    }

    /**
     * Returns whether the feed can start as configured (no finding is FAIL).
     *
     * @return {@code true} unless a finding failed
     */
    public boolean passed() {
        return level() != Level.FAIL;
    }
}
