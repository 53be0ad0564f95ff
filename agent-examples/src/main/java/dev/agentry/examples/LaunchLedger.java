package dev.agentry.examples;

import dev.agentry.core.Effect;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Launchpad's memory of its launches: {@link #recording(Tool)} wraps {@code launch_curve_token}
 * so that every successful launch is remembered as a {@link MemoryItem.Kind#FACT} (name, symbol,
 * curve address, requester, transaction), and {@link #historyTool()} is the {@code launch_history}
 * tool ({@link Effect#READ}) that answers "how many tokens did you launch?" from those memories.
 * Because the facts live in the agent's memory, a real model also sees them recalled in its
 * prompt. Thread-safe.
 */
public final class LaunchLedger {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KIND = "launch";

    private final Memory memory;
    private final String agentId;

    /**
     * Creates a ledger over an agent's memory.
     *
     * @param memory the memory (the bot's store)
     * @param agentId the agent
     */
    public LaunchLedger(Memory memory, String agentId) {
        this.memory = memory;
        this.agentId = agentId;
    }

    /**
     * Wraps the launch tool so that successful launches are remembered.
     *
     * @param launch the {@code launch_curve_token} tool
     * @return the wrapped tool, same name, effect and spends
     */
    public Tool recording(Tool launch) {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return launch.specification();
            }

            @Override
            public Effect effect() {
                return launch.effect();
            }

            @Override
            public List<Spend> spends(ToolArguments arguments, ToolContext context) {
                return launch.spends(arguments, context);
            }

            @Override
            public Duration timeout() {
                return launch.timeout();
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                String result = launch.execute(arguments, context);
                JsonNode r = JSON.readTree(result);
                String curve = r.path("curve").asString("");
                if (!curve.isEmpty()) {
                    String requester = context.event().author();
                    String text = "Launched " + r.path("name").asString() + " (" + r.path("symbol").asString() + ") on a bonding curve at "
                            + curve + " for " + requester + ", transaction " + r.path("txHash").asString();
                    memory.remember(new MemoryItem(UUID.randomUUID().toString(), agentId, MemoryItem.Kind.FACT, Optional.empty(), agentId, text, 0.8,
                            Instant.now(), Map.of("kind", KIND, "curve", curve, "name", r.path("name").asString(), "symbol", r.path("symbol").asString(),
                                    "requester", requester, "txHash", r.path("txHash").asString())));
                }
                return result;
            }
        };
    }

    /**
     * Returns the launches remembered, oldest first.
     *
     * @return the launch facts
     */
    public List<MemoryItem> launches() {
        List<MemoryItem> found = new ArrayList<>(memory.recall(new RecallQuery(agentId, "Launched a token on a bonding curve", 1000,
                EnumSet.of(MemoryItem.Kind.FACT), Optional.empty(), 0)));
        found.removeIf(m -> !KIND.equals(m.metadata().get("kind")));
        found.sort(Comparator.comparing(MemoryItem::createdAt));
        return found;
    }

    /**
     * Returns the {@code launch_history} tool.
     *
     * @return the tool
     */
    public Tool historyTool() {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name("launch_history")
                        .description("Lists the tokens this agent has launched (name, symbol, curve address, who asked, transaction), "
                                + "optionally only those with a given symbol.")
                        .parameters(JsonObjectSchema.builder().addStringProperty("symbol", "only launches with this ticker symbol; omit for all").build())
                        .build();
            }

            @Override
            public Effect effect() {
                return Effect.READ;
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                Optional<String> symbol = arguments.optionalString("symbol").map(s -> s.strip().replace("$", "").toUpperCase(Locale.ROOT));
                ArrayNode list = JSON.createArrayNode();
                for (MemoryItem m : launches()) {
                    if (symbol.isPresent() && !symbol.get().equalsIgnoreCase(m.metadata().get("symbol"))) {
                        continue;
                    }
                    ObjectNode n = list.addObject();
                    m.metadata().forEach((k, v) -> {
                        if (!k.equals("kind")) {
                            n.put(k, v);
                        }
                    });
                    n.put("launchedAt", m.createdAt().toString());
                }
                ObjectNode result = JSON.createObjectNode();
                result.put("count", list.size());
                result.set("launches", list);
                return JSON.writeValueAsString(result);
            }
        };
    }
}
