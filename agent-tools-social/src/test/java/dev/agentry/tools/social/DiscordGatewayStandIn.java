package dev.agentry.tools.social;

import dev.agentry.tools.social.internal.JsonSupport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import tools.jackson.databind.JsonNode;

/**
 * A local stand-in for Discord's gateway (v10, JSON) on 127.0.0.1 and a free port, on Jetty's
 * WebSocket server: HELLO on connect, READY for an IDENTIFY with the expected token (close 4004
 * otherwise), RESUMED for a RESUME of its session, ACK for heartbeats, and dispatches on demand.
 * Records what the client sent.
 */
public final class DiscordGatewayStandIn implements AutoCloseable {
    static final String BOT_ID = "999";
    static final String SESSION = "session-1";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final String token;
    private final long heartbeatMillis;
    private final AtomicLong sequence = new AtomicLong();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile Session current;

    DiscordGatewayStandIn(String token, long heartbeatMillis) throws Exception {
        this.token = token;
        this.heartbeatMillis = heartbeatMillis;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/", (request, response, callback) -> {
            paths.add(request.getHttpURI().getPathQuery());
            return new Connection();
        })));
        server.start();
    }

    String url() {
        return "ws://127.0.0.1:" + connector.getLocalPort();
    }

    /** What the client sent, oldest first. */
    List<JsonNode> received() {
        return received;
    }

    /** The path and query of each connection. */
    List<String> paths() {
        return paths;
    }

    /** The ops the client sent, oldest first. */
    List<Integer> ops() {
        return received.stream().map(p -> p.path("op").asInt()).toList();
    }

    /** Sends a dispatch event on the open connection. */
    void dispatch(String type, String data) {
        send("{\"op\":0,\"t\":\"" + type + "\",\"s\":" + sequence.incrementAndGet() + ",\"d\":" + data + "}");
    }

    /** Closes the open connection as a gateway restart would (resumable). */
    void drop() {
        Session session = current;
        current = null;
        session.close(4000, "Unknown error", Callback.NOOP);
    }

    boolean connected() {
        Session session = current;
        return session != null && session.isOpen();
    }

    private void send(String text) {
        current.sendText(text, Callback.NOOP);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty failed", e);
        }
    }

    /** One client connection. */
    public final class Connection implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            current = session;
            session.sendText("{\"op\":10,\"d\":{\"heartbeat_interval\":" + heartbeatMillis + "}}", Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String text) {
            JsonNode payload = JsonSupport.MAPPER.readTree(text);
            received.add(payload);
            JsonNode d = payload.path("d");
            switch (payload.path("op").asInt()) {
                case 1 -> session.sendText("{\"op\":11}", Callback.NOOP);
                case 2 -> {
                    if (!token.equals(d.path("token").asString())) {
                        session.close(4004, "Authentication failed.", Callback.NOOP);
                        return;
                    }
                    session.sendText("{\"op\":0,\"t\":\"READY\",\"s\":" + sequence.incrementAndGet() + ",\"d\":{\"v\":10,"
                            + "\"user\":{\"id\":\"" + BOT_ID + "\",\"username\":\"agentry\",\"bot\":true},\"guilds\":[],"
                            + "\"session_id\":\"" + SESSION + "\",\"resume_gateway_url\":\"" + url() + "\"}}", Callback.NOOP);
                }
                case 6 -> {
                    if (!SESSION.equals(d.path("session_id").asString()) || !token.equals(d.path("token").asString())) {
                        session.sendText("{\"op\":9,\"d\":false}", Callback.NOOP);
                        return;
                    }
                    session.sendText("{\"op\":0,\"t\":\"RESUMED\",\"s\":" + sequence.incrementAndGet() + ",\"d\":{}}", Callback.NOOP);
                }
                default -> { }
            }
        }
    }
}
