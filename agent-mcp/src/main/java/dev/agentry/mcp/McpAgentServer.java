package dev.agentry.mcp;

import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Event;
import dev.agentry.mcp.internal.CallIdentities;
import dev.agentry.mcp.internal.HttpEndpoint;
import dev.agentry.mcp.internal.ServeConfigReader;
import dev.agentry.mcp.internal.ToolBridge;
import dev.agentry.mcp.internal.WatchedInput;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one agent's toolset to MCP clients (Claude Desktop, an IDE, another agent framework) over
 * stdio and over streamable HTTP with bearer tokens. Every client credential carries a
 * {@link dev.agentry.core.Trust}: a client sees the tools the agent's policy offers at that trust
 * ({@code tools/list}), and each call runs through {@link AgentRuntime#invokeTool} as an
 * {@link Event} from source {@code "mcp"}, authored by the credential's name, so the same trust
 * gates, spend caps, allowlists, approvals, journal and idempotency apply as to the agent's own
 * turns. A denied call comes back as a tool error ({@code isError: true}) whose text names the
 * rule ({@code "denied by policy rule 'spend-cap': ..."}); {@code _meta} carries
 * {@code dev.agentry/rule} and {@code dev.agentry/outcome}.
 *
 * <p>Retries: a client may send {@code _meta.idempotencyKey} with a call; the same key from the
 * same credential is the same call, run once and replayed after. Without one, the same credential
 * calling the same tool with the same arguments within the retry window (default 5 minutes,
 * counted from the first call) is the same call; an identical call after the window is a new one.
 * A retry that arrives while the first attempt still runs waits for it and gets its result.
 *
 * <pre>{@code
 * McpAgentServer server = McpAgentServer.builder(runtime, "tipper")
 *         .credential(McpCredential.http("desktop", Secret.of(token, "${MCP_TOKEN}"), Trust.OWNER))
 *         .http("127.0.0.1", 8931)
 *         .build();
 * URI endpoint = server.serveHttp();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops every transport; the runtime stays open.
 */
public final class McpAgentServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpAgentServer.class);

    private final String agentId;
    private final Map<String, McpCredential> credentials;
    private final Optional<String> stdioCredential;
    private final String host;
    private final int port;
    private final String path;
    private final McpJsonMapper json = McpJsonDefaults.getMapper();
    private final ToolBridge bridge;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final List<AutoCloseable> running = new ArrayList<>();
    private HttpEndpoint http;
    private boolean closed;

    private McpAgentServer(Builder b) {
        this.agentId = b.agentId;
        this.credentials = Map.copyOf(b.credentials);
        this.stdioCredential = Optional.ofNullable(b.stdioCredential);
        this.host = b.host == null ? "127.0.0.1" : b.host;
        this.port = b.port == null ? 0 : b.port;
        this.path = b.path == null ? "/mcp" : b.path;
        Clock clock = b.clock == null ? Clock.systemUTC() : b.clock;
        Duration window = b.retryWindow == null ? Duration.ofMinutes(5) : b.retryWindow;
        this.bridge = new ToolBridge(b.runtime, agentId, new CallIdentities(agentId, b.runtime.journal(), window, clock), json, clock);
    }

    /**
     * Starts a builder for an agent registered with a runtime.
     *
     * @param runtime the runtime hosting the agent
     * @param agentId the agent whose tools are served
     * @return a new builder
     */
    public static Builder builder(AgentRuntime runtime, String agentId) {
        return new Builder(runtime, agentId);
    }

    /**
     * Builds a server from a {@code serve} section: {@code credentials} (by name: {@code token}, a
     * {@code ${ENV}} reference, needed for HTTP; {@code trust}, default UNTRUSTED), {@code stdio}
     * ({@code credential}: the one the stdio client acts as), {@code http} ({@code host}, default
     * 127.0.0.1; {@code port}; {@code path}, default {@code /mcp}) and {@code retryWindow}.
     *
     * @param runtime the runtime hosting the agent
     * @param agentId the agent whose tools are served
     * @param serve the section
     * @return the server, not serving yet
     * @throws ConfigException naming the field for a bad value
     */
    public static McpAgentServer fromConfig(AgentRuntime runtime, String agentId, ConfigSection serve) {
        return ServeConfigReader.apply(serve, builder(runtime, agentId)).build();
    }

    /**
     * What {@code agentry mcp BOT} runs: builds the server from the configuration's {@code mcp.serve}
     * section and starts every transport it configures, stdio on this process's standard input and
     * output. Follow with {@link #awaitTermination()}. Nothing else may write to standard output
     * while stdio is served.
     *
     * @param runtime the runtime hosting the agent (registered; started or not)
     * @param agentId the agent
     * @param config the agent's configuration
     * @return the running server
     * @throws ConfigException if {@code mcp.serve} is missing, invalid, or configures no transport
     * @throws McpException if the HTTP address cannot be bound
     */
    public static McpAgentServer launch(AgentRuntime runtime, String agentId, AgentConfig config) {
        ConfigSection serve = config.section("mcp").flatMap(m -> m.section("serve"))
                .orElseThrow(() -> new ConfigException("$.mcp.serve: is required to serve agent '" + agentId + "' over MCP"));
        if (!serve.has("stdio") && !serve.has("http")) {
            throw serve.error("stdio", "configure \"stdio\", \"http\" or both to serve agent '" + agentId + "'");
        }
        McpAgentServer server = fromConfig(runtime, agentId, serve);
        if (serve.has("http")) {
            log.info("agent {} serves MCP over HTTP at {}", agentId, server.serveHttp());
        }
        if (serve.has("stdio")) {
            server.serveStdio(System.in, System.out);
        }
        return server;
    }

    /**
     * Serves one client over a pair of streams (a process's standard input and output), acting as
     * the stdio credential. Returns at once; the server ends when the input ends.
     *
     * @param in the client's requests
     * @param out the responses
     * @throws IllegalStateException if no stdio credential was configured, or stdio is already served
     */
    public synchronized void serveStdio(InputStream in, OutputStream out) {
        McpCredential caller = credentials.get(stdioCredential
                .orElseThrow(() -> new IllegalStateException("no stdio credential is configured for agent '" + agentId + "'")));
        requireOpen();
        StdioServerTransportProvider transport = new StdioServerTransportProvider(json, new WatchedInput(in, terminated::countDown), out);
        running.add(server(McpServer.sync(transport), List.of(caller), context -> caller)::close);
    }

    /**
     * Serves HTTP clients at the configured address (default {@code 127.0.0.1}, a free port, path
     * {@code /mcp}); requests need {@code Authorization: Bearer TOKEN} of a credential.
     *
     * @return the endpoint URL, with the port actually bound
     * @throws IllegalStateException if no credential has a token, or HTTP is already served
     * @throws McpException if the address cannot be bound
     */
    public synchronized URI serveHttp() {
        requireOpen();
        if (http != null) {
            throw new IllegalStateException("HTTP is already served at " + http.uri());
        }
        List<McpCredential> withTokens = credentials.values().stream().filter(c -> c.token().isPresent()).toList();
        if (withTokens.isEmpty()) {
            throw new IllegalStateException("no credential of agent '" + agentId + "' has a token; HTTP clients could not authenticate");
        }
        var transport = HttpEndpoint.transport(path, json);
        McpSyncServer server = server(McpServer.sync(transport), withTokens, McpAgentServer::httpCaller);
        http = HttpEndpoint.start(transport, host, port, path, withTokens);
        running.add(server::close);
        running.add(http);
        return http.uri();
    }

    /**
     * Returns the HTTP endpoint, once {@link #serveHttp()} has started it.
     *
     * @return the URL, or empty
     */
    public synchronized Optional<URI> httpEndpoint() {
        return Optional.ofNullable(http).map(HttpEndpoint::uri);
    }

    /**
     * Blocks until the stdio client leaves or {@link #close()} is called.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Stops every transport and wakes {@link #awaitTermination()}. Idempotent. */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = List.copyOf(running);
        }
        for (AutoCloseable resource : toClose.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing the MCP server of agent {} failed: {}", agentId, e.toString());
            }
        }
        terminated.countDown();
    }

    private McpSyncServer server(McpServer.SyncSpecification<?> spec, List<McpCredential> callers,
            Function<McpTransportContext, McpCredential> caller) {
        return spec.serverInfo("agentry-" + agentId, "0.1.0")
                .instructions("Tools of the Agentry agent '" + agentId + "'. Every call runs under the agent's policy; "
                        + "a denial is final and names the rule that decided.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(bridge.tools(callers, caller))
                .addToolFilter(bridge.visibleTo(caller))
                .build();
    }

    private static McpCredential httpCaller(McpTransportContext context) {
        if (context.get(ToolBridge.CREDENTIAL) instanceof McpCredential credential) {
            return credential;
        }
        throw new IllegalStateException("an MCP request reached the agent without an authenticated credential");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the MCP server of agent '" + agentId + "' is closed");
        }
    }

    /** Configures an {@link McpAgentServer}. Each setting may be given once; bad values fail at once. Not thread-safe. */
    public static final class Builder {
        private final AgentRuntime runtime;
        private final String agentId;
        private final Map<String, McpCredential> credentials = new LinkedHashMap<>();
        private String stdioCredential;
        private String host;
        private Integer port;
        private String path;
        private Duration retryWindow;
        private Clock clock;

        private Builder(AgentRuntime runtime, String agentId) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            this.agentId = Objects.requireNonNull(agentId, "agentId");
        }

        /**
         * Adds a client credential.
         *
         * @param credential the credential
         * @return this builder
         * @throws IllegalArgumentException if a credential of that name or token was added before
         */
        public Builder credential(McpCredential credential) {
            Objects.requireNonNull(credential, "credential");
            if (credentials.containsKey(credential.name())) {
                throw new IllegalArgumentException("credential '" + credential.name() + "' is given twice");
            }
            credential.token().ifPresent(t -> credentials.values().stream().filter(c -> c.token().equals(credential.token()))
                    .findFirst().ifPresent(c -> {
                        throw new IllegalArgumentException("credentials '" + c.name() + "' and '" + credential.name() + "' share a token");
                    }));
            credentials.put(credential.name(), credential);
            return this;
        }

        /**
         * Names the credential a stdio client acts as (the operator's process, usually OWNER).
         *
         * @param name a credential added with {@link #credential}
         * @return this builder
         */
        public Builder stdioCredential(String name) {
            stdioCredential = once(stdioCredential, Objects.requireNonNull(name, "name"), "stdioCredential");
            return this;
        }

        /**
         * Sets the HTTP address (default {@code 127.0.0.1}, port 0 = a free port).
         *
         * @param host the interface to bind
         * @param port the port, 0 to 65535
         * @return this builder
         */
        public Builder http(String host, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.host = once(this.host, Objects.requireNonNull(host, "host"), "http");
            this.port = port;
            return this;
        }

        /**
         * Sets the HTTP path of the endpoint (default {@code /mcp}).
         *
         * @param path a path starting with {@code /}
         * @return this builder
         */
        public Builder httpPath(String path) {
            if (path == null || !path.matches("/[A-Za-z0-9._~/-]*")) {
                throw new IllegalArgumentException("httpPath must start with '/' and hold only URL path characters, was " + path);
            }
            this.path = once(this.path, path, "httpPath");
            return this;
        }

        /**
         * Sets how long an identical call without an idempotency key counts as a retry (default 5 minutes).
         *
         * @param window between 1 second and 1 day
         * @return this builder
         */
        public Builder retryWindow(Duration window) {
            if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("retryWindow must be between 1 second and 1 day, was " + window);
            }
            this.retryWindow = once(this.retryWindow, window, "retryWindow");
            return this;
        }

        /**
         * Sets the clock (for tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = once(this.clock, Objects.requireNonNull(clock, "clock"), "clock");
            return this;
        }

        /**
         * Builds the server.
         *
         * @return the server, not serving yet
         * @throws IllegalStateException if there is no credential, the stdio credential is unknown,
         *     or the agent is not registered with the runtime
         */
        public McpAgentServer build() {
            if (credentials.isEmpty()) {
                throw new IllegalStateException("an MCP server needs at least one credential");
            }
            if (stdioCredential != null && !credentials.containsKey(stdioCredential)) {
                throw new IllegalStateException("stdio credential '" + stdioCredential + "' is not among " + credentials.keySet());
            }
            if (!runtime.agents().contains(agentId)) {
                throw new IllegalStateException("agent '" + agentId + "' is not registered with the runtime; known: " + runtime.agents());
            }
            return new McpAgentServer(this);
        }

        private static <T> T once(T current, T value, String setting) {
            if (current != null) {
                throw new IllegalStateException(setting + " is already set");
            }
            return value;
        }
    }
}
