package dev.agentry.mcp.internal;

import dev.agentry.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP server an agent uses, as configured under {@code mcp.servers.NAME}. Immutable; its
 * {@code toString()} shows no header value or environment value.
 *
 * @param name the server's name in the configuration
 * @param launch how to reach it
 * @param prefix prepended to its tool names to make them unique within the agent (may be empty)
 * @param timeout how long one request may take before the call is abandoned
 * @param restart how a lost server is restarted
 * @param declared the operator's declarations, by the server's own tool name
 */
public record ServerSettings(String name, Launch launch, String prefix, Duration timeout, Restart restart,
        Map<String, ToolDeclaration> declared) {

    /** Copies the declarations. */
    public ServerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(restart, "restart");
        declared = Map.copyOf(declared);
    }

    /** Returns the declaration of a tool, {@link ToolDeclaration#UNDECLARED} if none. */
    public ToolDeclaration declaration(String tool) {
        return declared.getOrDefault(tool, ToolDeclaration.UNDECLARED);
    }

    /** How the server is reached. */
    public sealed interface Launch permits Stdio, Http {}

    /**
     * A local process spoken to over stdin/stdout.
     *
     * @param command the program and its arguments
     * @param env the only environment variables the process gets besides a minimal base (PATH,
     *     HOME, ...); never the agent's own
     */
    public record Stdio(List<String> command, Map<String, String> env) implements Launch {
        /** Copies the lists. */
        public Stdio {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }

        @Override
        public String toString() {
            return "Stdio[command=" + command + ", env=" + env.keySet() + "]";
        }
    }

    /**
     * A streamable HTTP endpoint.
     *
     * @param url the endpoint URL
     * @param headers headers sent with every request (an {@code Authorization} value, for example)
     */
    public record Http(URI url, Map<String, Secret> headers) implements Launch {
        /** Copies the headers. */
        public Http {
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Http[url=" + url + ", headers=" + headers.keySet() + "]";
        }
    }

    /**
     * The restart schedule of a lost server: the first retry after {@code initialBackoff}, doubling
     * up to {@code maxBackoff}; a connected server is pinged every {@code healthCheck}.
     *
     * @param initialBackoff the first delay
     * @param maxBackoff the longest delay
     * @param healthCheck how often a connected server is pinged
     */
    public record Restart(Duration initialBackoff, Duration maxBackoff, Duration healthCheck) {
        /** Checks the order of the delays. */
        public Restart {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than backoff " + initialBackoff);
            }
        }

        /** Returns the delay before retry number {@code failures} (1 for the first). */
        public Duration delay(int failures) {
            Duration d = initialBackoff.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }
}
