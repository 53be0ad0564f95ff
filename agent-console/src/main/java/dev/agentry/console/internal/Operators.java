package dev.agentry.console.internal;

import dev.agentry.core.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the console: operators by name with their tokens, and the browser sessions a token
 * login opens. Tokens are kept only as SHA-256 digests and compared in constant time against every
 * operator's, so timing reveals neither a token nor whose it is. A session is a random id (never
 * the token) with its own CSRF token, valid for 12 hours. Thread-safe.
 */
public final class Operators {
    /** How long a session lasts. */
    public static final Duration SESSION = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> digests;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    /**
     * A logged-in browser.
     *
     * @param id the cookie value
     * @param operator who logged in
     * @param csrf the token state-changing requests must send in {@code X-CSRF-Token}
     * @param expires when it ends
     */
    public record Session(String id, String operator, String csrf, Instant expires) {}

    /** Creates the operator list from names and tokens. */
    public Operators(Map<String, Secret> tokens, Clock clock) {
        Map<String, byte[]> byName = new LinkedHashMap<>();
        tokens.forEach((name, token) -> byName.put(name, digest(token.reveal())));
        this.digests = Map.copyOf(byName);
        this.clock = clock;
    }

    /** The operator a token belongs to, if any. */
    public Optional<String> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = digest(token.strip());
        String found = null;
        for (Map.Entry<String, byte[]> entry : digests.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), presented)) {
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Opens a session for an operator. */
    public Session open(String operator) {
        Session session = new Session(random(), operator, random(), clock.instant().plus(SESSION));
        sessions.put(session.id(), session);
        sessions.values().removeIf(s -> s.expires().isBefore(clock.instant()));
        return session;
    }

    /** The live session of a cookie value, if any. */
    public Optional<Session> session(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null || session.expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends a session. */
    public void close(String id) {
        sessions.remove(id);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
