package dev.agentry.mcp.internal;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.mcp.McpCredential;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Serves one agent's tools to MCP clients: lists what the caller's credential may see (what the
 * policy offers at its trust) and runs each call through {@link AgentRuntime#invokeTool}, so the
 * trust gates, caps, allowlists, approvals, journal and idempotency apply as for the agent's own
 * turns. A denial comes back as a tool error ({@code isError}) naming the rule. Thread-safe.
 */
public final class ToolBridge {
    /** Transport-context key holding the name of the credential a request was made with. */
    public static final String CREDENTIAL = "dev.agentry.mcp.credential";

    private final AgentRuntime runtime;
    private final String agentId;
    private final CallIdentities identities;
    private final KeyedLocks locks = new KeyedLocks();
    private final McpJsonMapper json;
    private final Clock clock;

    /** Creates the bridge of one agent. */
    public ToolBridge(AgentRuntime runtime, String agentId, CallIdentities identities, McpJsonMapper json, Clock clock) {
        this.runtime = runtime;
        this.agentId = agentId;
        this.identities = identities;
        this.json = json;
        this.clock = clock;
    }

    /** The tools offered to any of these credentials, each handled for the credential that calls it. */
    public List<McpServerFeatures.SyncToolSpecification> tools(Collection<McpCredential> credentials,
            Function<McpTransportContext, McpCredential> caller) {
        Map<String, ToolSpecification> union = new LinkedHashMap<>();
        credentials.stream().map(McpCredential::trust).distinct()
                .forEach(trust -> runtime.offeredTools(agentId, trust).forEach(spec -> union.putIfAbsent(spec.name(), spec)));
        return union.values().stream().map(spec -> McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(spec.name(), SchemaMaps.inputSchema(spec)).description(spec.description()).build())
                .callHandler((exchange, request) -> call(caller.apply(exchange.transportContext()), request, exchange))
                .build()).toList();
    }

    /** Shows a caller only the tools the policy offers at its credential's trust. */
    public McpSyncListFilter<McpSchema.Tool> visibleTo(Function<McpTransportContext, McpCredential> caller) {
        return (context, tool) -> offered(caller.apply(context).trust()).contains(tool.name());
    }

    private Set<String> offered(Trust trust) {
        return runtime.offeredTools(agentId, trust).stream().map(ToolSpecification::name).collect(Collectors.toSet());
    }

    private McpSchema.CallToolResult call(McpCredential credential, McpSchema.CallToolRequest request, McpSyncServerExchange exchange) {
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        Optional<String> clientKey = Optional.ofNullable(request.meta()).map(m -> m.get("idempotencyKey"))
                .filter(String.class::isInstance).map(String.class::cast).filter(k -> !k.isBlank());
        String eventId = identities.eventId(credential.name(), request.name(), arguments, clientKey);
        Event event = new Event(eventId, "mcp", credential.name(), "mcp:" + credential.name(), "", credential.trust(), clock.instant(),
                Map.of(Event.NO_REPLY, "true", "mcp.session", String.valueOf(exchange.sessionId())));
        String argumentsJson;
        try {
            argumentsJson = json.writeValueAsString(arguments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ToolCall call = locks.withLock(eventId, () -> runtime.invokeTool(agentId, event, request.name(), argumentsJson));
        return result(call);
    }

    /** The MCP result of a call: its text, {@code isError} unless it ran (or was replayed), and the rule in {@code _meta}. */
    public static McpSchema.CallToolResult result(ToolCall call) {
        boolean ran = call.outcome() == ToolCall.Outcome.OK || call.outcome() == ToolCall.Outcome.REPLAYED;
        String text = ran || !call.result().startsWith("error: ") ? call.result() : call.result().substring("error: ".length());
        return McpSchema.CallToolResult.builder()
                .addTextContent(text)
                .isError(!ran)
                .meta(Map.of("dev.agentry/outcome", call.outcome().name(), "dev.agentry/decision", call.decision().name(),
                        "dev.agentry/rule", call.rule()))
                .build();
    }
}
