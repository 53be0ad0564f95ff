package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.JsonSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A connection to Discord's gateway (v10, JSON) over the JDK's WebSocket client: on HELLO it starts
 * heartbeating and sends IDENTIFY (or RESUME with the session and last sequence after a dropped
 * connection); READY gives the session; MESSAGE_CREATE dispatches are queued for the feed's next
 * read. Reconnects lazily on the next {@link #connect()} after a close or a zombie connection (no
 * heartbeat ACK); RECONNECT and a resumable INVALID_SESSION resume, others identify afresh. Close
 * codes that retrying cannot fix (4004 authentication failed, 4010 to 4014 bad shard or intents)
 * are kept and thrown by the next {@link #connect()}. Thread-safe.
 */
final class DiscordGateway {
    private static final Logger log = LoggerFactory.getLogger(DiscordGateway.class);
    private static final int MAX_QUEUED = 10_000;

    private final Secret token;
    private final int intents;
    private final HttpClient client;
    private final Supplier<URI> gatewayUrl;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Object sendLock = new Object();
    private volatile WebSocket socket;
    private volatile String sessionId;
    private volatile String resumeUrl;
    private volatile long sequence = -1;
    private volatile boolean acknowledged = true;
    private volatile boolean freshSession;
    private volatile FeedException fatal;
    private volatile Thread heartbeat;
    private volatile CountDownLatch ready = new CountDownLatch(1);

    DiscordGateway(Secret token, int intents, HttpClient client, Supplier<URI> gatewayUrl) {
        this.token = token;
        this.intents = intents;
        this.client = client;
        this.gatewayUrl = gatewayUrl;
    }

    /**
     * Connects unless connected; waits up to the timeout for READY or RESUMED (without one, the
     * connection is dropped and the next call tries again).
     *
     * @throws FeedAuthException if the gateway refused the token or the intents (then the next call tries again)
     * @throws FeedException if the gateway cannot be reached
     */
    synchronized void connect(Duration timeout) {
        FeedException failure = fatal;
        if (failure != null) {
            fatal = null;
            throw failure;
        }
        if (socket != null) {
            return;
        }
        URI url = URI.create((sessionId != null && resumeUrl != null ? resumeUrl : gatewayUrl.get().toString()) + "/?v=10&encoding=json");
        ready = new CountDownLatch(1);
        boolean readyInTime;
        try {
            client.newWebSocketBuilder().connectTimeout(timeout).buildAsync(url, new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            readyInTime = ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException("discord", FeedException.Reason.INTERRUPTED, "discord gateway connect interrupted");
        } catch (ExecutionException | TimeoutException e) {
            socket = null;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FeedException("discord", FeedException.Reason.UNAVAILABLE, "discord gateway unreachable ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }
        failure = fatal;
        if (failure != null) {
            fatal = null;
            throw failure;
        }
        if (!readyInTime || socket == null) {
            drop("no READY within " + timeout);
            throw new FeedException("discord", FeedException.Reason.UNAVAILABLE, "discord gateway did not become ready within " + timeout);
        }
    }

    /** Moves the queued MESSAGE_CREATE payloads into a list, oldest first. */
    void drain(List<JsonNode> into) {
        messages.drainTo(into);
    }

    /** Whether a new session started since the last call (messages may have been missed while none was open). */
    boolean takeFreshSession() {
        boolean fresh = freshSession;
        freshSession = false;
        return fresh;
    }

    /** Closes the connection; the session is kept for a resume. */
    void close() {
        WebSocket current = socket;
        socket = null;
        stopHeartbeat();
        if (current != null) {
            current.sendClose(4000, "closing").exceptionally(e -> null);
        }
    }

    private void handle(JsonNode payload) {
        int op = payload.path("op").asInt(-1);
        switch (op) {
            case 10 -> hello(payload.path("d").path("heartbeat_interval").asLong(41_250));
            case 11 -> acknowledged = true;
            case 1 -> sendHeartbeat();
            case 7 -> drop("the gateway asked to reconnect");
            case 9 -> {
                if (!payload.path("d").asBoolean(false)) {
                    sessionId = null;
                }
                drop("the gateway invalidated the session");
            }
            case 0 -> dispatch(payload);
            default -> log.debug("discord: ignoring gateway op {}", op);
        }
    }

    private void hello(long intervalMillis) {
        startHeartbeat(intervalMillis);
        ObjectNode message = JsonSupport.MAPPER.createObjectNode();
        if (sessionId != null) {
            message.put("op", 6).putObject("d").put("token", token.reveal()).put("session_id", sessionId).put("seq", sequence);
        } else {
            ObjectNode d = message.put("op", 2).putObject("d").put("token", token.reveal()).put("intents", intents);
            d.putObject("properties").put("os", System.getProperty("os.name", "linux")).put("browser", "agentry").put("device", "agentry");
        }
        send(JsonSupport.MAPPER.writeValueAsString(message));
    }

    private void dispatch(JsonNode payload) {
        if (payload.path("s").isNumber()) {
            sequence = payload.path("s").asLong();
        }
        String type = payload.path("t").asString("");
        JsonNode d = payload.path("d");
        switch (type) {
            case "READY" -> {
                sessionId = JsonSupport.text(d, "session_id").orElse(null);
                resumeUrl = JsonSupport.text(d, "resume_gateway_url").orElse(null);
                freshSession = true;
                log.info("discord: gateway session ready as {}", JsonSupport.text(d.path("user"), "username").orElse("?"));
                ready.countDown();
            }
            case "RESUMED" -> ready.countDown();
            case "MESSAGE_CREATE" -> {
                if (!messages.offer(d)) {
                    log.warn("discord: more than {} messages waiting; dropping one (the next session's catch-up reads it)", MAX_QUEUED);
                    freshSession = true;
                }
            }
            default -> log.trace("discord: ignoring dispatch {}", type);
        }
    }

    private void startHeartbeat(long intervalMillis) {
        stopHeartbeat();
        acknowledged = true;
        heartbeat = Thread.ofVirtual().name("agentry-discord-heartbeat").start(() -> {
            try {
                Thread.sleep((long) (intervalMillis * ThreadLocalRandom.current().nextDouble()));
                while (!Thread.currentThread().isInterrupted()) {
                    if (!acknowledged) {
                        drop("no heartbeat ACK (zombie connection)");
                        return;
                    }
                    acknowledged = false;
                    sendHeartbeat();
                    Thread.sleep(intervalMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void stopHeartbeat() {
        Thread beat = heartbeat;
        heartbeat = null;
        if (beat != null && beat != Thread.currentThread()) {
            beat.interrupt();
        }
    }

    private void sendHeartbeat() {
        send("{\"op\":1,\"d\":" + (sequence < 0 ? "null" : Long.toString(sequence)) + "}");
    }

    private void send(String text) {
        WebSocket current = socket;
        if (current == null) {
            return;
        }
        synchronized (sendLock) {
            try {
                current.sendText(text, true).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                drop("sending failed (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** Gives up the connection; the next {@link #connect} opens a new one (resuming when the session allows). */
    private void drop(String why) {
        log.info("discord: gateway connection dropped: {}; reconnecting on the next read", why);
        WebSocket current = socket;
        socket = null;
        stopHeartbeat();
        if (current != null) {
            current.abort();
        }
        ready.countDown();
    }

    private void closed(int code, String reason) {
        socket = null;
        stopHeartbeat();
        switch (code) {
            case 4004 -> fatal = new FeedAuthException("discord", "discord gateway refused the bot token (close 4004 Authentication"
                    + " failed); check feeds.discord.botToken");
            case 4013, 4014 -> fatal = new FeedAuthException("discord", "discord gateway refused the intents (close " + code + " "
                    + reason + "); enable the Message Content intent in the developer portal or turn messageContent off");
            case 4010, 4011, 4012 -> fatal = new FeedException("discord", FeedException.Reason.REFUSED, "discord gateway closed with "
                    + code + " (" + reason + ")");
            case 4007, 4009 -> sessionId = null;
            default -> log.info("discord: gateway closed ({} {}); resuming on the next read", code, reason);
        }
        ready.countDown();
    }

    /** Receives frames, joining partial texts. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    handle(JsonSupport.MAPPER.readTree(message));
                } catch (RuntimeException e) {
                    log.warn("discord: unreadable gateway message ({})", e.getClass().getSimpleName());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (webSocket == socket || socket == null) {
                closed(statusCode, reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (webSocket == socket) {
                drop("connection error (" + error.getClass().getSimpleName() + ")");
            }
        }
    }
}
