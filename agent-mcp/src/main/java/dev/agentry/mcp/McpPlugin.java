package dev.agentry.mcp;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Tool;
import dev.agentry.mcp.internal.ClientConfigReader;
import dev.agentry.mcp.internal.McpConnection;
import dev.agentry.mcp.internal.RemoteTool;
import dev.agentry.mcp.internal.ServerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives an agent the tools of the MCP servers its configuration lists (plugin name {@code "mcp"},
 * found with {@link java.util.ServiceLoader}):
 *
 * <pre>{@code
 * "plugins": ["mcp"],
 * "mcp": {"servers": {
 *   "prices":  {"command": ["node", "prices-server.mjs"], "env": {"PRICES_API_KEY": "${PRICES_API_KEY}"}},
 *   "wallet":  {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer ${WALLET_MCP_TOKEN}"},
 *               "prefix": "wallet_", "timeout": "PT60S",
 *               "tools": {"get_balance": {"effect": "READ"},
 *                         "send_eth":    {"effect": "FUNDS",
 *                                         "spends": [{"asset": "ETH", "amount": "$.amount", "recipient": "$.to"}]}}}}}
 * }</pre>
 *
 * <p>Each tool a server lists becomes an ordinary {@link Tool}: validated against the server's
 * schema, offered and decided by the agent's policy, journalled, and replayed by idempotency key
 * like a built-in tool. Its effect class is what the operator declares under {@code tools}
 * ({@code READ}, {@code POST}, {@code FUNDS} or {@code SIGN}); an undeclared tool is {@code POST}.
 * A {@code FUNDS} tool must declare its spends: each names the asset (a literal, or a JSON path
 * into the arguments), the amount (a path; add {@code "decimals": 18} when the tool takes base
 * units) and optionally the recipient, so spend caps and recipient allowlists apply.
 *
 * <p>A stdio server runs as a child process that gets only a minimal environment (PATH, HOME,
 * USER, SHELL, TERM, LOGNAME) plus its {@code env}: never the agent's own keys. Header values
 * that carry credentials must be {@code ${NAME}} references. Other settings per server:
 * {@code timeout} (per request, default 30 s), {@code backoff} and {@code maxBackoff} (restart
 * delays, default 1 s doubling up to 1 min), {@code healthCheck} (ping interval, default 15 s).
 *
 * <p>Failure modes: a server that cannot be started when the agent registers fails the
 * registration with {@link McpException}; a declared tool the server does not list is a
 * {@link ConfigException}. A server lost later is restarted with backoff, and its tools report
 * errors meanwhile; a {@code FUNDS} or {@code SIGN} call whose answer was lost is left open in the
 * journal (outcome unknown) and is not sent again. Each connection closes with the runtime.
 * Thread-safe.
 */
public final class McpPlugin implements Plugin {

    /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
    public McpPlugin() {}

    /**
     * Returns {@code "mcp"}.
     *
     * @return the plugin name
     */
    @Override
    public String name() {
        return "mcp";
    }

    /**
     * Connects to every configured server and returns their tools.
     *
     * @param context the agent's context
     * @return the tools, server by server in configuration order; empty without an {@code mcp}
     *     section
     * @throws McpException if a server cannot be started
     * @throws ConfigException if the section is invalid or declares a tool a server does not list
     */
    @Override
    public List<Tool> tools(PluginContext context) {
        Optional<ConfigSection> section = context.section("mcp");
        if (section.isEmpty()) {
            return List.of();
        }
        section.get().requireOnly(List.of("servers", "serve"));
        List<Tool> tools = new ArrayList<>();
        List<McpConnection> opened = new ArrayList<>();
        try {
            for (ServerSettings settings : ClientConfigReader.servers(section.get())) {
                McpConnection connection = McpConnection.open(settings);
                opened.add(connection);
                requireDeclaredTools(section.get(), connection);
                tools.addAll(RemoteTool.all(connection));
            }
        } catch (RuntimeException e) {
            opened.forEach(McpConnection::close);
            throw e;
        }
        opened.forEach(context::closeOnShutdown);
        return tools;
    }

    private static void requireDeclaredTools(ConfigSection mcp, McpConnection connection) {
        ServerSettings settings = connection.settings();
        for (String declared : settings.declared().keySet()) {
            if (!connection.tools().containsKey(declared)) {
                ConfigSection tools = mcp.section("servers").flatMap(s -> s.section(settings.name())).flatMap(s -> s.section("tools"))
                        .orElseThrow();
                throw tools.error(declared, "MCP server '" + settings.name() + "' lists no tool named '" + declared + "'; it lists "
                        + connection.tools().keySet());
            }
        }
    }
}
