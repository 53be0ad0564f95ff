package dev.agentry.mcp.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.Trust;
import dev.agentry.mcp.McpAgentServer;
import dev.agentry.mcp.McpCredential;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code mcp.serve} into an {@link McpAgentServer.Builder}:
 * {@code {"credentials": {NAME: {"token": "${ENV}", "trust": "OWNER"}}, "stdio": {"credential": NAME},
 * "http": {"host": "127.0.0.1", "port": 8931, "path": "/mcp"}, "retryWindow": "PT5M"}}.
 */
public final class ServeConfigReader {
    private ServeConfigReader() {}

    /** Applies the section to a builder. */
    public static McpAgentServer.Builder apply(ConfigSection serve, McpAgentServer.Builder builder) {
        serve.requireOnly(List.of("credentials", "stdio", "http", "retryWindow"));
        Set<String> names = serve.sectionsByName("credentials").keySet();
        serve.sectionsByName("credentials").forEach((name, c) -> {
            c.requireOnly(List.of("token", "trust"));
            String trust = c.string("trust", "UNTRUSTED");
            Trust level;
            try {
                level = Trust.valueOf(trust.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw c.error("trust", "must be OWNER, TRUSTED or UNTRUSTED, was '" + trust + "'");
            }
            try {
                builder.credential(new McpCredential(name, c.optionalSecret("token"), level));
            } catch (IllegalArgumentException e) {
                throw c.error("token", e.getMessage());
            }
        });
        serve.section("stdio").ifPresent(s -> {
            s.requireOnly(List.of("credential"));
            String credential = s.string("credential");
            if (!names.contains(credential)) {
                throw s.error("credential", "names no credential under credentials; known: " + names);
            }
            builder.stdioCredential(credential);
        });
        serve.section("http").ifPresent(h -> {
            h.requireOnly(List.of("host", "port", "path"));
            builder.http(h.string("host", "127.0.0.1"), h.integer("port", 0, 0));
            h.optionalString("path").ifPresent(builder::httpPath);
        });
        serve.duration("retryWindow").ifPresent(builder::retryWindow);
        return builder;
    }
}
