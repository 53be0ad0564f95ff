package dev.agentry.mcp.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.Effect;
import dev.agentry.core.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code mcp.servers} of an agent's configuration into {@link ServerSettings}. Every error is
 * a {@code ConfigException} naming the file and JSON path; header and environment values are never
 * quoted.
 */
public final class ClientConfigReader {
    private static final List<String> SERVER_KEYS = List.of("command", "env", "url", "headers", "prefix", "timeout",
            "backoff", "maxBackoff", "healthCheck", "tools");
    private static final Pattern SECRET_HEADER = Pattern.compile("(?i).*(authorization|token|key|secret|cookie|password).*");
    private static final Pattern TOOL_PREFIX = Pattern.compile("[a-z0-9_]{0,32}");
    private static final JsonMapper RAW = JsonMapper.builder().build();

    private ClientConfigReader() {}

    /** Reads every server under {@code servers} of the {@code mcp} section, in file order. */
    public static List<ServerSettings> servers(ConfigSection mcp) {
        List<ServerSettings> out = new ArrayList<>();
        mcp.sectionsByName("servers").forEach((name, section) -> out.add(server(name, section)));
        return List.copyOf(out);
    }

    static ServerSettings server(String name, ConfigSection s) {
        s.requireOnly(SERVER_KEYS);
        if (s.has("command") == s.has("url")) {
            throw s.error("command", "server '" + name + "' needs exactly one of \"command\" (a stdio process) or \"url\" (streamable HTTP)");
        }
        ServerSettings.Launch launch = s.has("command") ? stdio(s) : http(s);
        String prefix = s.string("prefix", "");
        if (!TOOL_PREFIX.matcher(prefix).matches()) {
            throw s.error("prefix", "must be lower-case letters, digits and '_' (at most 32), so tool names stay snake_case");
        }
        Duration timeout = s.duration("timeout").orElse(Duration.ofSeconds(30));
        Duration backoff = s.duration("backoff").orElse(Duration.ofSeconds(1));
        Duration maxBackoff = s.duration("maxBackoff").orElse(backoff.compareTo(Duration.ofMinutes(1)) > 0 ? backoff : Duration.ofMinutes(1));
        ServerSettings.Restart restart;
        try {
            restart = new ServerSettings.Restart(backoff, maxBackoff, s.duration("healthCheck").orElse(Duration.ofSeconds(15)));
        } catch (IllegalArgumentException e) {
            throw s.error("maxBackoff", e.getMessage());
        }
        Map<String, ToolDeclaration> declared = new LinkedHashMap<>();
        s.sectionsByName("tools").forEach((tool, t) -> declared.put(tool, declaration(t)));
        return new ServerSettings(name, launch, prefix, timeout, restart, declared);
    }

    private static ServerSettings.Stdio stdio(ConfigSection s) {
        List<String> command = s.strings("command");
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw s.error("command", "must name a program, e.g. [\"node\", \"server.mjs\"]");
        }
        if (command.size() == 1 && command.get(0).strip().contains(" ")) {
            throw s.error("command", "must be a list of the program and its arguments, e.g. [\"node\", \"server.mjs\"], not one string");
        }
        return new ServerSettings.Stdio(command, s.stringMap("env"));
    }

    private static ServerSettings.Http http(ConfigSection s) {
        URI url;
        try {
            url = new URI(s.string("url"));
        } catch (URISyntaxException e) {
            throw s.error("url", "is not a valid URL");
        }
        String scheme = Optional.ofNullable(url.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw s.error("url", "must be an http:// or https:// URL with a host");
        }
        Map<String, Secret> headers = new LinkedHashMap<>();
        Optional<ConfigSection> raw = s.section("headers");
        JsonNode unresolved = raw.map(h -> RAW.readTree(h.json())).orElse(null);
        s.stringMap("headers").forEach((header, value) -> {
            String reference = unresolved.get(header).asString();
            if (SECRET_HEADER.matcher(header).matches() && !reference.contains("${")) {
                throw raw.get().error(header, "carries a credential, so its value must contain a ${NAME} reference to an "
                        + "environment variable (for example \"Bearer ${MCP_TOKEN}\"); a literal is not accepted (value not shown)");
            }
            headers.put(header, Secret.of(value, "header " + header));
        });
        return new ServerSettings.Http(url, headers);
    }

    private static ToolDeclaration declaration(ConfigSection t) {
        t.requireOnly(List.of("effect", "spends"));
        Effect effect;
        String text = t.string("effect", "POST");
        try {
            effect = Effect.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw t.error("effect", "must be one of READ, POST, FUNDS, SIGN, was '" + text + "'");
        }
        List<SpendRule> spends = new ArrayList<>();
        for (ConfigSection spend : t.sections("spends")) {
            spend.requireOnly(List.of("asset", "amount", "recipient", "decimals"));
            try {
                spends.add(new SpendRule(spend.string("asset"), spend.string("amount"), spend.optionalString("recipient"),
                        spend.integer("decimals", 0, 0)));
            } catch (IllegalArgumentException e) {
                throw spend.error("amount", e.getMessage());
            }
        }
        try {
            return new ToolDeclaration(effect, spends);
        } catch (IllegalArgumentException e) {
            throw t.error("spends", e.getMessage());
        }
    }
}
