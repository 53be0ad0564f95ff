package dev.agentry.mcp.internal;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Journal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives each MCP tool call the id of the {@link dev.agentry.core.Event} it runs for, so that a
 * client retrying a call gets the journalled result instead of a second execution (the runtime's
 * idempotency key derives from the event id, the tool and the arguments).
 *
 * <ul>
 *   <li>A client that sends {@code _meta.idempotencyKey} decides: the id is a hash of the
 *       credential and that key, for as long as the journal keeps the effect.
 *   <li>Otherwise the same credential calling the same tool with the same arguments (keys in any
 *       order) within the retry window gets the same id: the window is counted from the first
 *       call, and survives a restart through the journal. An identical call after the window is a
 *       new call; to repeat one on purpose within the window, send a fresh idempotency key.
 * </ul>
 * Thread-safe: two racing retries get the same id.
 */
public final class CallIdentities {
    private static final JsonMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final String HASHED = "mcp:h:";

    private final String agentId;
    private final Journal journal;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Seen> recent = new ConcurrentHashMap<>();

    private record Seen(String eventId, Instant first) {}

    /** Creates the identities of one agent's calls. */
    public CallIdentities(String agentId, Journal journal, Duration window, Clock clock) {
        this.agentId = agentId;
        this.journal = journal;
        this.window = window;
        this.clock = clock;
    }

    /** Returns the event id of a call. */
    public String eventId(String credential, String tool, Map<String, Object> arguments, Optional<String> clientKey) {
        if (clientKey.isPresent()) {
            return "mcp:k:" + sha256(credential + '\u0000' + clientKey.get());
        }
        String hash = sha256(credential + '\u0000' + tool + '\u0000' + CANONICAL.writeValueAsString(arguments));
        Instant now = clock.instant();
        Instant horizon = now.minus(window);
        if (recent.size() > 10_000) {
            recent.values().removeIf(seen -> seen.first().isBefore(horizon));
        }
        return recent.compute(hash, (h, seen) -> seen != null && seen.first().isAfter(horizon) ? seen
                : journalled(h, horizon).orElseGet(() -> new Seen(HASHED + h + ":" + now.toEpochMilli(), now))).eventId();
    }

    private Optional<Seen> journalled(String hash, Instant horizon) {
        String prefix = HASHED + hash + ":";
        for (EffectRecord record : journal.effectsSince(agentId, horizon)) {
            if (record.eventId().startsWith(prefix)) {
                Instant first = Instant.ofEpochMilli(Long.parseLong(record.eventId().substring(prefix.length())));
                if (first.isAfter(horizon)) {
                    return Optional.of(new Seen(record.eventId(), first));
                }
            }
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
