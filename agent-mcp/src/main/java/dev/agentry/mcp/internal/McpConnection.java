package dev.agentry.mcp.internal;

import dev.agentry.core.ToolException;
import dev.agentry.mcp.McpException;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised connection to one MCP server. {@link #open} connects once and fails fast; after
 * that a virtual thread pings the server every health-check interval, and a server that stops
 * answering (its process died, its endpoint went away, a call broke the connection) is closed and
 * restarted with exponential backoff. While it is down, calls fail at once with a
 * {@link ToolException} that says when the next attempt is. Thread-safe.
 */
public final class McpConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpConnection.class);

    private final ServerSettings settings;
    private final McpJsonMapper json = McpJsonDefaults.getMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread supervisor;
    private McpAsyncClient client;
    private Map<String, McpSchema.Tool> tools;
    private String lastFailure = "";
    private Instant nextAttempt = Instant.EPOCH;
    private int failures;
    private boolean closed;

    private McpConnection(ServerSettings settings, McpAsyncClient client, Map<String, McpSchema.Tool> tools) {
        this.settings = settings;
        this.client = client;
        this.tools = tools;
        this.supervisor = Thread.ofVirtual().name("agentry-mcp-" + settings.name()).start(this::supervise);
    }

    /**
     * Connects to the server and lists its tools.
     *
     * @throws McpException naming the server if it cannot be started or does not answer in time
     */
    public static McpConnection open(ServerSettings settings) {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        try {
            McpAsyncClient client = connect(settings, json);
            return new McpConnection(settings, client, listTools(client));
        } catch (RuntimeException e) {
            throw new McpException("MCP server '" + settings.name() + "' (" + settings.launch() + ") could not be started: " + describe(e), e);
        }
    }

    /** The server's settings. */
    public ServerSettings settings() {
        return settings;
    }

    /** The tools the server listed at its last (re)connection, by the server's name. */
    public Map<String, McpSchema.Tool> tools() {
        lock.lock();
        try {
            return tools;
        } finally {
            lock.unlock();
        }
    }

    /** The JSON mapper shared with the SDK. */
    public McpJsonMapper json() {
        return json;
    }

    /**
     * Calls a tool.
     *
     * @param request the call
     * @return the server's result (which may itself be an error result)
     * @throws ToolException when the server is down (nothing was sent) or refused the request with a
     *     protocol error (nothing ran)
     * @throws McpException when the connection broke while the call was in flight: whether the
     *     tool ran is unknown
     */
    public McpSchema.CallToolResult call(McpSchema.CallToolRequest request) {
        McpAsyncClient current = current();
        try {
            return current.callTool(request).block();
        } catch (McpError e) {
            throw new ToolException("MCP server '" + settings.name() + "' refused the call: " + describe(e));
        } catch (RuntimeException e) {
            broken(current, describe(e));
            throw new McpException("MCP server '" + settings.name() + "' did not answer the call of '" + request.name()
                    + "' (" + describe(e) + "); whether it ran is unknown; the server is being restarted", e);
        }
    }

    /** Stops supervising and closes the connection (a stdio server process is terminated). */
    @Override
    public void close() {
        McpAsyncClient last;
        lock.lock();
        try {
            closed = true;
            last = client;
            client = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        supervisor.interrupt();
        if (last != null) {
            closeQuietly(last);
        }
    }

    private McpAsyncClient current() {
        lock.lock();
        try {
            if (client == null) {
                long seconds = Math.max(0, (Duration.between(Instant.now(), nextAttempt).toMillis() + 999) / 1000);
                throw new ToolException("MCP server '" + settings.name() + "' is unavailable (" + lastFailure + "); "
                        + (closed ? "the agent is shutting down" : "reconnecting, next attempt in " + seconds + " s") + ". Try again later.");
            }
            return client;
        } finally {
            lock.unlock();
        }
    }

    private void broken(McpAsyncClient which, String reason) {
        lock.lock();
        try {
            if (client != which || closed) {
                return;
            }
            client = null;
            failures = 1;
            lastFailure = reason;
            nextAttempt = Instant.now().plus(settings.restart().delay(failures));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.warn("MCP server '{}' lost: {}; restarting in {}", settings.name(), reason, settings.restart().delay(1));
        Thread.ofVirtual().start(() -> closeQuietly(which));
    }

    private void supervise() {
        try {
            while (true) {
                McpAsyncClient connected = awaitChange();
                if (connected != null) {
                    check(connected);
                } else {
                    reconnect();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the next health check (connected) or the next attempt (down); returns the client then. */
    private McpAsyncClient awaitChange() throws InterruptedException {
        lock.lock();
        try {
            if (closed) {
                throw new InterruptedException("closed");
            }
            McpAsyncClient before = client;
            long waitNanos = before != null ? settings.restart().healthCheck().toNanos()
                    : Math.max(0, Duration.between(Instant.now(), nextAttempt).toNanos());
            while (waitNanos > 0 && client == before && !closed) {
                waitNanos = changed.awaitNanos(waitNanos);
            }
            if (closed) {
                throw new InterruptedException("closed");
            }
            return client;
        } finally {
            lock.unlock();
        }
    }

    private void check(McpAsyncClient connected) {
        try {
            connected.ping().block(pingTimeout());
        } catch (RuntimeException e) {
            broken(connected, "no answer to ping: " + describe(e));
        }
    }

    private void reconnect() {
        McpAsyncClient fresh;
        Map<String, McpSchema.Tool> listed;
        try {
            fresh = connect(settings, json);
            listed = listTools(fresh);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                failures++;
                lastFailure = "restart failed: " + describe(e);
                nextAttempt = Instant.now().plus(settings.restart().delay(failures));
            } finally {
                lock.unlock();
            }
            log.warn("MCP server '{}' restart attempt {} failed: {}", settings.name(), failures, describe(e));
            return;
        }
        lock.lock();
        try {
            if (closed) {
                closeQuietly(fresh);
                return;
            }
            client = fresh;
            tools = listed;
            failures = 0;
        } finally {
            lock.unlock();
        }
        log.info("MCP server '{}' is back with tools {}", settings.name(), listed.keySet());
    }

    private static McpAsyncClient connect(ServerSettings settings, McpJsonMapper json) {
        McpAsyncClient client = McpClient.async(transport(settings, json))
                .requestTimeout(settings.timeout())
                .initializationTimeout(settings.timeout())
                .clientInfo(McpSchema.Implementation.builder("agentry", "0.1.0").build())
                .build();
        try {
            client.initialize().block();
            return client;
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private static McpClientTransport transport(ServerSettings settings, McpJsonMapper json) {
        return switch (settings.launch()) {
            case ServerSettings.Stdio stdio -> new IsolatedStdioTransport(ServerParameters.builder(stdio.command().get(0))
                    .args(stdio.command().subList(1, stdio.command().size())).env(stdio.env()).build(), json);
            case ServerSettings.Http http -> {
                URI url = http.url();
                String base = url.getScheme() + "://" + url.getRawAuthority();
                String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
                yield HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint).jsonMapper(json)
                        .connectTimeout(settings.timeout())
                        .addHttpRequestCustomizer((request, method, uri, body, context) ->
                                http.headers().forEach((name, value) -> request.setHeader(name, value.reveal())))
                        .build();
            }
        };
    }

    private static Map<String, McpSchema.Tool> listTools(McpAsyncClient client) {
        Map<String, McpSchema.Tool> out = new LinkedHashMap<>();
        String cursor = null;
        int pages = 0;
        do {
            McpSchema.ListToolsResult page = (cursor == null ? client.listTools() : client.listTools(cursor)).block();
            page.tools().forEach(t -> out.put(t.name(), t));
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty() && ++pages < 100);
        return Collections.unmodifiableMap(out);
    }

    private static void closeQuietly(McpAsyncClient client) {
        try {
            client.closeGracefully().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("closing an MCP client gracefully failed: {}", e.toString());
            client.close();
        }
    }

    /** A health ping waits at most 5 s (or the request timeout, if shorter): a dead server is noticed quickly. */
    private Duration pingTimeout() {
        Duration cap = Duration.ofSeconds(5);
        return settings.timeout().compareTo(cap) < 0 ? settings.timeout() : cap;
    }

    static String describe(Throwable e) {
        Throwable root = McpError.findRootCause(e);
        String message = root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName() : root.getMessage();
        message = message.replaceAll("(?i)(bearer\\s+)\\S+", "$1[redacted]");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    @Override
    public String toString() {
        return "McpConnection[" + settings.name() + ", " + settings.launch() + "]";
    }
}
