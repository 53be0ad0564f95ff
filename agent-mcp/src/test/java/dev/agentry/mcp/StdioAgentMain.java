package dev.agentry.mcp;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Effect;
import dev.agentry.core.Persona;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import java.util.Map;

/**
 * What {@code agentry mcp BOT} does, as a test program: an agent with a READ and a FUNDS tool,
 * served over this process's stdin/stdout by {@link McpAgentServer#launch}. Started by the
 * TypeScript SDK's stdio client in {@link McpServerStdioEndToEndTest}.
 */
public final class StdioAgentMain {
    static final String CONFIG = """
            {"model": {"provider": "openai", "name": "unused"},
             "policy": {"spendCaps": [{"asset": "ETH", "amount": "1", "window": "P1D"}]},
             "mcp": {"serve": {"credentials": {"desktop": {"trust": "OWNER"}}, "stdio": {"credential": "desktop"}}}}
            """;

    private StdioAgentMain() {}

    public static void main(String[] args) throws Exception {
        AgentConfig config = AgentConfig.parse(CONFIG, "stdio-agent.json", Map.of());
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).build()) {
            runtime.register(Agent.builder("tipper").persona(Persona.of("Tipper", "Tips helpful people."))
                    .model(new ChatModel() {}).config(config).tools(List.of(tool("price", Effect.READ), tool("tip", Effect.FUNDS))).build());
            try (McpAgentServer server = McpAgentServer.launch(runtime, "tipper", config)) {
                server.awaitTermination();
            }
        }
        System.exit(0);
    }

    private static Tool tool(String name, Effect effect) {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name(name).description(name + " (" + effect + ")")
                        .parameters(JsonObjectSchema.builder().addStringProperty("to").addStringProperty("amount").build()).build();
            }

            @Override
            public Effect effect() {
                return effect;
            }

            @Override
            public List<Spend> spends(ToolArguments arguments, ToolContext context) {
                return effect == Effect.FUNDS ? List.of(Spend.of("ETH", arguments.decimal("amount"), arguments.string("to"))) : List.of();
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                return effect == Effect.READ ? "ETH: 3120.55 USD" : "tipped " + arguments.string("amount") + " ETH to " + arguments.string("to")
                        + " for " + context.event().author() + " (" + context.event().trust() + ")";
            }
        };
    }
}
