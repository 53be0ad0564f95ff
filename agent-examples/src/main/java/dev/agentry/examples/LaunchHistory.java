package dev.agentry.examples;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Journal;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code launch_history} tool ({@link Effect#READ}): lists the tokens the agent launched on a
 * bonding curve, read from its journal, where every finished {@code launch_curve_token} call is
 * recorded with its result (the journal is the durable record of effects, so the history
 * survives restarts and needs no bookkeeping of its own). Optionally filtered by ticker symbol.
 * Thread-safe.
 */
public final class LaunchHistory implements Tool {
    /** The tool whose finished calls are the launches. */
    static final String LAUNCH_TOOL = "launch_curve_token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;

    /**
     * Creates the tool over a journal.
     *
     * @param journal the agent's journal
     */
    public LaunchHistory(Journal journal) {
        this.journal = journal;
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder().name("launch_history")
                .description("Lists the tokens this agent has launched on a bonding curve (name, symbol, curve address, transaction, time), "
                        + "optionally only those with a given ticker symbol.")
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
        ArrayNode launches = JSON.createArrayNode();
        for (EffectRecord launch : launches(context.agentId())) {
            JsonNode result = JSON.readTree(launch.result().orElseThrow());
            if (symbol.isPresent() && !symbol.get().equalsIgnoreCase(result.path("symbol").asString(""))) {
                continue;
            }
            ObjectNode entry = launches.addObject();
            for (String field : List.of("name", "symbol", "curve", "txHash")) {
                entry.put(field, result.path(field).asString(""));
            }
            entry.put("launchedAt", launch.updatedAt().toString());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("count", launches.size());
        out.set("launches", launches);
        return JSON.writeValueAsString(out);
    }

    /**
     * Returns the agent's finished launches, oldest first.
     *
     * @param agentId the agent
     * @return the journal records of finished {@code launch_curve_token} calls that created a curve
     */
    List<EffectRecord> launches(String agentId) {
        return journal.effectsSince(agentId, Instant.EPOCH).stream()
                .filter(r -> r.tool().equals(LAUNCH_TOOL) && r.status() == EffectRecord.Status.DONE && r.result().isPresent())
                .filter(r -> !JSON.readTree(r.result().get()).path("curve").asString("").isEmpty())
                .sorted(Comparator.comparing(EffectRecord::updatedAt))
                .toList();
    }
}
