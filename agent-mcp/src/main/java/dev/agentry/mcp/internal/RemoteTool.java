package dev.agentry.mcp.internal;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.mcp.McpException;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One tool of an MCP server as an ordinary Agentry {@link Tool}: the runtime validates, gates,
 * journals and replays its calls like any other. Its effect and spends come from the operator's
 * declaration, never from the server. The call carries the runtime's idempotency key in
 * {@code _meta.idempotencyKey} for servers that honour one. Thread-safe.
 */
public final class RemoteTool implements Tool {
    private final McpConnection connection;
    private final String remoteName;
    private final String name;
    private final ToolDeclaration declaration;
    private volatile Converted converted;

    private record Converted(McpSchema.Tool source, ToolSpecification specification) {}

    RemoteTool(McpConnection connection, McpSchema.Tool remote) {
        this.connection = connection;
        this.remoteName = remote.name();
        this.name = connection.settings().prefix() + remote.name().replaceAll("[^A-Za-z0-9_-]", "_");
        this.declaration = connection.settings().declaration(remote.name());
        this.converted = convert(remote);
    }

    /** Wraps every tool the connection's server lists. */
    public static List<Tool> all(McpConnection connection) {
        return connection.tools().values().stream().<Tool>map(t -> new RemoteTool(connection, t)).toList();
    }

    @Override
    public ToolSpecification specification() {
        McpSchema.Tool latest = connection.tools().get(remoteName);
        Converted current = converted;
        if (latest != null && latest != current.source()) {
            current = convert(latest);
            converted = current;
        }
        return current.specification();
    }

    @Override
    public Effect effect() {
        return declaration.effect();
    }

    @Override
    public List<Spend> spends(ToolArguments arguments, ToolContext context) {
        return declaration.spends().stream().map(rule -> rule.read(arguments.json())).toList();
    }

    @Override
    public Duration timeout() {
        return connection.settings().timeout().plusSeconds(5);
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        boolean valueAtStake = effect() == Effect.FUNDS || effect() == Effect.SIGN;
        if (valueAtStake && context.interruptedAttempt().isPresent()) {
            throw new McpException("an earlier attempt of this " + effect() + " call to MCP server '" + connection.settings().name()
                    + "' ended without an answer; it is not sent again, because the server may have acted on it: check the server");
        }
        McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder(remoteName)
                .arguments(connection.json(), arguments.toString())
                .meta(Map.of("idempotencyKey", context.idempotencyKey()))
                .build();
        McpSchema.CallToolResult result;
        try {
            result = connection.call(request);
        } catch (McpException e) {
            if (valueAtStake) {
                throw e;
            }
            throw new ToolException(e.getMessage(), e);
        }
        String text = ResultTexts.text(result, connection.json());
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolException("MCP server '" + connection.settings().name() + "' reported an error: " + text);
        }
        return text;
    }

    @Override
    public String toString() {
        return "RemoteTool[" + name + " -> " + connection.settings().name() + "/" + remoteName + ", " + effect() + "]";
    }

    private Converted convert(McpSchema.Tool remote) {
        String description = remote.description() != null && !remote.description().isBlank() ? remote.description()
                : remote.title() != null ? remote.title() : "Tool '" + remote.name() + "' of MCP server '" + connection.settings().name() + "'";
        return new Converted(remote, ToolSpecification.builder().name(name).description(description)
                .parameters(SchemaMaps.parameters(remote.inputSchema())).build());
    }
}
