package dev.agentry.memory.internal;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.ModelCall;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Explicit JSON mapping of the journal's records (Instants as epoch nanos, Durations as nanos, Optionals as absent fields). */
public final class Codec {
    private Codec() {}

    /** A string map as a JSON object text. */
    public static String mapToJson(Map<String, String> map) {
        return MemoryJson.MAPPER.writeValueAsString(mapNode(map));
    }

    /** A JSON object text as a string map. */
    public static Map<String, String> mapFromJson(String json) {
        return map(MemoryJson.MAPPER.readTree(json));
    }

    /** An event as JSON text. */
    public static String eventToJson(Event e) {
        return MemoryJson.MAPPER.writeValueAsString(event(e));
    }

    /** JSON text as an event. */
    public static Event eventFromJson(String json) {
        return event(MemoryJson.MAPPER.readTree(json));
    }

    /** A turn as JSON text. */
    public static String turnToJson(TurnResult t) {
        ObjectNode n = MemoryJson.MAPPER.createObjectNode();
        n.put("agentId", t.agentId());
        n.set("event", event(t.event()));
        n.put("outcome", t.outcome().name());
        t.reply().ifPresent(r -> n.put("reply", r));
        ArrayNode models = n.putArray("modelCalls");
        for (ModelCall m : t.modelCalls()) {
            ObjectNode o = models.addObject();
            o.put("inputTokens", m.inputTokens());
            o.put("outputTokens", m.outputTokens());
            o.put("durationNanos", m.duration().toNanos());
            o.put("finishReason", m.finishReason());
        }
        ArrayNode tools = n.putArray("toolCalls");
        for (ToolCall c : t.toolCalls()) {
            ObjectNode o = tools.addObject();
            o.put("tool", c.tool());
            o.put("arguments", c.arguments());
            o.put("decision", c.decision().name());
            o.put("rule", c.rule());
            o.put("outcome", c.outcome().name());
            o.put("result", c.result());
            o.put("idempotencyKey", c.idempotencyKey());
        }
        n.put("startedAt", Times.toNanos(t.startedAt()));
        n.put("durationNanos", t.duration().toNanos());
        t.error().ifPresent(e -> n.put("error", e));
        return MemoryJson.MAPPER.writeValueAsString(n);
    }

    /** JSON text as a turn. */
    public static TurnResult turnFromJson(String json) {
        JsonNode n = MemoryJson.MAPPER.readTree(json);
        List<ModelCall> models = new ArrayList<>();
        for (JsonNode o : n.path("modelCalls")) {
            models.add(new ModelCall(o.path("inputTokens").asInt(), o.path("outputTokens").asInt(),
                    Duration.ofNanos(o.path("durationNanos").asLong()), o.path("finishReason").asString()));
        }
        List<ToolCall> tools = new ArrayList<>();
        for (JsonNode o : n.path("toolCalls")) {
            tools.add(new ToolCall(str(o, "tool"), str(o, "arguments"), ToolCall.Decision.valueOf(str(o, "decision")), str(o, "rule"),
                    ToolCall.Outcome.valueOf(str(o, "outcome")),
                    str(o, "result"), str(o, "idempotencyKey")));
        }
        return new TurnResult(n.path("agentId").asString(), event(n.path("event")), TurnResult.Outcome.valueOf(n.path("outcome").asString()),
                opt(n, "reply"), models, tools, Times.fromNanos(n.path("startedAt").asLong()),
                Duration.ofNanos(n.path("durationNanos").asLong()), opt(n, "error"));
    }

    /** A dead letter as JSON text. */
    public static String deadLetterToJson(DeadLetter d) {
        ObjectNode n = MemoryJson.MAPPER.createObjectNode();
        n.put("agentId", d.agentId());
        n.set("event", event(d.event()));
        n.put("attempts", d.attempts());
        n.put("reason", d.reason());
        n.put("at", Times.toNanos(d.at()));
        return MemoryJson.MAPPER.writeValueAsString(n);
    }

    /** JSON text as a dead letter. */
    public static DeadLetter deadLetterFromJson(String json) {
        JsonNode n = MemoryJson.MAPPER.readTree(json);
        return new DeadLetter(n.path("agentId").asString(), event(n.path("event")), n.path("attempts").asInt(), n.path("reason").asString(),
                Times.fromNanos(n.path("at").asLong()));
    }

    /** Rebuilds an effect record from its columns. */
    public static EffectRecord effect(String key, String agentId, String eventId, String tool, String status, String details, String spends,
            String result, long updatedAt) {
        return new EffectRecord(key, agentId, eventId, tool, EffectRecord.Status.valueOf(status), mapFromJson(details),
                spendsFromJson(spends), Optional.ofNullable(result), Times.fromNanos(updatedAt));
    }

    /** Spends as a JSON array of {asset, amount, recipient?}, amounts as exact decimal strings. */
    public static String spendsToJson(List<Spend> spends) {
        ArrayNode list = MemoryJson.MAPPER.createArrayNode();
        for (Spend spend : spends) {
            ObjectNode o = list.addObject();
            o.put("asset", spend.asset());
            o.put("amount", spend.amount().toPlainString());
            spend.recipient().ifPresent(r -> o.put("recipient", r));
        }
        return MemoryJson.MAPPER.writeValueAsString(list);
    }

    /** A JSON array written by {@link #spendsToJson} as spends. */
    public static List<Spend> spendsFromJson(String json) {
        List<Spend> out = new ArrayList<>();
        for (JsonNode o : MemoryJson.MAPPER.readTree(json)) {
            out.add(new Spend(str(o, "asset"), new java.math.BigDecimal(str(o, "amount")), opt(o, "recipient")));
        }
        return out;
    }

    private static ObjectNode event(Event e) {
        ObjectNode n = MemoryJson.MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("source", e.source());
        n.put("author", e.author());
        n.put("conversation", e.conversation());
        n.put("text", e.text());
        n.put("trust", e.trust().name());
        n.put("receivedAt", Times.toNanos(e.receivedAt()));
        n.set("attributes", mapNode(e.attributes()));
        return n;
    }

    private static Event event(JsonNode n) {
        return new Event(str(n, "id"), str(n, "source"), str(n, "author"), str(n, "conversation"), str(n, "text"),
                Trust.valueOf(str(n, "trust")), Times.fromNanos(n.path("receivedAt").asLong()), map(n.path("attributes")));
    }

    private static ObjectNode mapNode(Map<String, String> map) {
        ObjectNode n = MemoryJson.MAPPER.createObjectNode();
        map.forEach(n::put);
        return n;
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            m.put(e.getKey(), e.getValue().asString());
        }
        return m;
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    private static Optional<String> opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asString());
    }
}
