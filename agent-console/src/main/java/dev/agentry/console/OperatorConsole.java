package dev.agentry.console;

import dev.agentry.console.internal.ApiServlet;
import dev.agentry.console.internal.ConsoleParts;
import dev.agentry.console.internal.ConsoleServer;
import dev.agentry.console.internal.EventFeed;
import dev.agentry.console.internal.Operators;
import dev.agentry.console.internal.Resolutions;
import dev.agentry.console.internal.Series;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.RuntimeListener;
import dev.agentry.core.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A web console for the operators of an {@link AgentRuntime}: its agents (mailbox, tokens today
 * against the budget, spend against each cap, recent errors), its turns live as they happen, a
 * journal search, dead letters to retry or discard, charts of spend, tokens and turn latency, and
 * the approval queue, where operators approve or deny the calls the policy held (with the
 * runtime's {@link dev.agentry.core.ApprovalQueue}, such as {@link JdbcApprovalQueue}). An HTTP
 * API documented with OpenAPI ({@code /api/openapi.json}) and a server-sent event stream of the
 * runtime's events ({@code /api/events}) serve scripts too.
 *
 * <pre>{@code
 * OperatorConsole console = OperatorConsole.builder().runtime(runtime).port(8088)
 *         .operatorToken(Secret.of(System.getenv("AGENTRY_CONSOLE_TOKEN"), "${AGENTRY_CONSOLE_TOKEN}"))
 *         .build().start();
 * }</pre>
 *
 * <p>Security: it listens on 127.0.0.1 unless told otherwise; every page and API call needs an
 * operator token (a login sets an HttpOnly, SameSite=Strict session cookie; scripts send
 * {@code Authorization: Bearer}); state-changing calls from a browser need the session's CSRF
 * token; the token is never rendered; every approval and dead-letter action is made in the
 * operator's name. Served by Jetty 12, the server agent-mcp uses too. Thread-safe;
 * {@link #close()} stops the server and leaves the runtime running.
 */
public final class OperatorConsole implements AutoCloseable {
    private static final int EVENT_BUFFER = 5_000;

    private final AgentRuntime runtime;
    private final String host;
    private final int port;
    private final Operators operators;
    private final Resolutions resolutions;
    private final Series series = new Series();
    private final EventFeed feed = new EventFeed(EVENT_BUFFER, series);
    private ConsoleServer server;
    private RuntimeListener.Subscription subscription;

    private OperatorConsole(Builder b) {
        this.runtime = b.runtime;
        this.host = b.host;
        this.port = b.port;
        this.operators = new Operators(b.operators, Clock.systemUTC());
        this.resolutions = b.dataFile.map(Resolutions::sqlite).orElseGet(Resolutions::inMemory);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving: subscribes to the runtime's events, fills the charts from the journal's
     * recent turns, and binds the address.
     *
     * @return this console
     * @throws ConsoleException if the address cannot be bound
     * @throws IllegalStateException if it was started before
     */
    public synchronized OperatorConsole start() {
        if (server != null) {
            throw new IllegalStateException("the console is started already");
        }
        backfill();
        subscription = runtime.subscribe(feed);
        ConsoleParts parts = new ConsoleParts(runtime, feed, series, resolutions, operators, Clock.systemUTC());
        server = ConsoleServer.start(host, port, operators, new ApiServlet(parts));
        return this;
    }

    /**
     * Returns the console's address, with the port actually bound.
     *
     * @return the URI, such as {@code http://127.0.0.1:8088/}
     * @throws IllegalStateException if it is not started
     */
    public synchronized URI uri() {
        if (server == null) {
            throw new IllegalStateException("the console is not started");
        }
        return server.uri();
    }

    /** Stops the server and the event subscription; the runtime keeps running. Idempotent. */
    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        feed.close();
        if (server != null) {
            server.close();
            server = null;
        }
        resolutions.close();
    }

    private void backfill() {
        for (String agent : runtime.agents()) {
            runtime.journal().turns(agent, 500).forEach(t -> series.turn(t, t.startedAt().plus(t.duration())));
            runtime.journal().effectsSince(agent, Clock.systemUTC().instant().minus(Duration.ofHours(1))).stream()
                    .filter(r -> r.status() == EffectRecord.Status.DONE && !r.spends().isEmpty()).forEach(series::spend);
        }
    }

    /**
     * Builds an {@link OperatorConsole}. Each setting may be given once (per operator name for
     * operators); a repeat throws {@link IllegalStateException} naming it, a bad value
     * {@link IllegalArgumentException} naming the value. Not thread-safe.
     */
    public static final class Builder {
        private static final int MIN_TOKEN_CHARS = 16;

        private AgentRuntime runtime;
        private String host = "127.0.0.1";
        private int port = 8088;
        private final Map<String, Secret> operators = new LinkedHashMap<>();
        private Optional<Path> dataFile = Optional.empty();
        private final java.util.Set<String> set = new java.util.HashSet<>();

        private Builder() {}

        /**
         * Sets the runtime to watch (required).
         *
         * @param runtime the runtime
         * @return this builder
         */
        public Builder runtime(AgentRuntime runtime) {
            once("runtime");
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /**
         * Sets the address to listen on (default: 127.0.0.1, reachable from this machine only).
         *
         * @param host a host name or IP address
         * @return this builder
         */
        public Builder host(String host) {
            once("host");
            this.host = notBlank(host, "host");
            return this;
        }

        /**
         * Sets the port (default: 8088; 0 picks a free one, see {@link OperatorConsole#uri()}).
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            once("port");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Adds the operator token of an operator named {@code "operator"}: the same as
         * {@code operator("operator", token)}.
         *
         * @param token the token, at least 16 characters (read it from the environment)
         * @return this builder
         */
        public Builder operatorToken(Secret token) {
            return operator("operator", token);
        }

        /**
         * Adds a named operator: whoever logs in with this token acts, approves and denies under
         * this name. Once per name.
         *
         * @param name the operator's name, as journalled with their approvals
         * @param token the token, at least 16 characters
         * @return this builder
         */
        public Builder operator(String name, Secret token) {
            once("operator " + notBlank(name, "operator name"));
            Objects.requireNonNull(token, "token");
            if (token.reveal().strip().length() < MIN_TOKEN_CHARS) {
                throw new IllegalArgumentException("operator token of '" + name + "' (" + token.origin() + ") must be at least "
                        + MIN_TOKEN_CHARS + " characters");
            }
            if (operators.values().contains(token)) {
                throw new IllegalArgumentException("operator '" + name + "' has the same token (" + token.origin() + ") as another operator");
            }
            operators.put(name, token);
            return this;
        }

        /**
         * Keeps what operators did with dead letters in a SQLite file (default: in memory). It may
         * be the file of a {@link JdbcApprovalQueue}.
         *
         * @param file the file, created if missing
         * @return this builder
         */
        public Builder dataFile(Path file) {
            once("dataFile");
            this.dataFile = Optional.of(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Builds the console, not yet started.
         *
         * @return the console
         * @throws IllegalStateException if the runtime or every operator token is missing
         * @throws ConsoleException if the data file cannot be opened
         */
        public OperatorConsole build() {
            if (runtime == null) {
                throw new IllegalStateException("OperatorConsole.Builder: runtime is required");
            }
            if (operators.isEmpty()) {
                throw new IllegalStateException("OperatorConsole.Builder: at least one operator token is required (operatorToken)");
            }
            return new OperatorConsole(this);
        }

        private static String notBlank(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank, was '" + value + "'");
            }
            return value;
        }

        private void once(String setting) {
            if (!set.add(setting)) {
                throw new IllegalStateException("OperatorConsole.Builder: " + setting + " was already set; each setting may be set once");
            }
        }
    }
}
