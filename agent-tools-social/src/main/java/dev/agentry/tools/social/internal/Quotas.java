package dev.agentry.tools.social.internal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate-limit windows one feed has used up, per endpoint: X reports each endpoint's 15-minute
 * window in {@code x-rate-limit-remaining}/{@code x-rate-limit-reset} and, on posting endpoints,
 * 24-hour windows in {@code x-user-limit-24hour-*} and {@code x-app-limit-24hour-*}. A window whose
 * remaining count reaches 0 blocks only its own endpoint until its reset; a later answer from that
 * endpoint with requests remaining in the window unblocks it. Thread-safe.
 */
public final class Quotas {
    private static final Logger log = LoggerFactory.getLogger(Quotas.class);

    /**
     * One kind of window and the prefix of the headers that report it.
     *
     * @param prefix the header prefix, such as {@code "x-rate-limit"}
     * @param label how messages name it, such as {@code "15-minute"}
     */
    private record Window(String prefix, String label) {}

    private static final List<Window> WINDOWS = List.of(
            new Window("x-rate-limit", "15-minute"),
            new Window("x-user-limit-24hour", "24-hour user"),
            new Window("x-app-limit-24hour", "24-hour app"));

    /**
     * An endpoint that may not be called before an instant.
     *
     * @param until the reset of the latest exhausted window
     * @param window the label of that window, such as {@code "24-hour user"}
     */
    public record Block(Instant until, String window) {
        /**
         * Returns how long from an instant until the block ends.
         *
         * @param now the instant
         * @return the wait, zero when already over
         */
        public Duration waitFrom(Instant now) {
            Duration wait = Duration.between(now, until);
            return wait.isNegative() ? Duration.ZERO : wait;
        }
    }

    private final String feed;
    private final Map<String, Map<String, Instant>> exhausted = new ConcurrentHashMap<>();

    /**
     * Creates the quota record of a feed.
     *
     * @param feed the feed's name, for logs
     */
    public Quotas(String feed) {
        this.feed = feed;
    }

    /**
     * Records what an endpoint's answer says about its windows.
     *
     * @param endpoint the endpoint's label, such as {@code "POST /2/tweets"}
     * @param headers the answer's headers
     */
    public void note(String endpoint, HttpHeaders headers) {
        for (Window window : WINDOWS) {
            Optional<Long> remaining = number(headers, window.prefix() + "-remaining");
            if (remaining.isEmpty()) {
                continue;
            }
            Map<String, Instant> windows = exhausted.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
            Optional<Long> reset = number(headers, window.prefix() + "-reset");
            if (remaining.get() > 0 || reset.isEmpty()) {
                windows.remove(window.label());
            } else {
                windows.put(window.label(), Instant.ofEpochSecond(reset.get()));
                log.info("{} {}: {} quota used up until {}", feed, endpoint, window.label(), Instant.ofEpochSecond(reset.get()));
            }
        }
    }

    /**
     * Returns until when an endpoint is blocked, if one of its windows is used up and not reset yet.
     *
     * @param endpoint the endpoint's label
     * @param now the current instant
     * @return the block ending last, or empty when the endpoint may be called
     */
    public Optional<Block> blocked(String endpoint, Instant now) {
        Map<String, Instant> windows = exhausted.get(endpoint);
        if (windows == null) {
            return Optional.empty();
        }
        windows.values().removeIf(reset -> !reset.isAfter(now));
        return windows.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> new Block(e.getValue(), e.getKey()));
    }

    private Optional<Long> number(HttpHeaders headers, String name) {
        Optional<String> value = headers.firstValue(name);
        try {
            return value.map(v -> Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            log.debug("{}: unreadable {} header", feed, name);
            return Optional.empty();
        }
    }
}
