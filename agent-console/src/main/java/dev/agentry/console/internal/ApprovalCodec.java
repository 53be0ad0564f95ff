package dev.agentry.console.internal;

import dev.agentry.core.Approval;
import dev.agentry.core.Event;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** An {@link Approval} as stored JSON: the API's shape ({@link Wire#approval}), read back exactly. */
public final class ApprovalCodec {
    private ApprovalCodec() {}

    /** The JSON text of an approval. */
    public static String encode(Approval approval) {
        return Wire.JSON.writeValueAsString(Wire.approval(approval, List.of()));
    }

    /** The approval a JSON text holds. */
    public static Approval decode(String json) {
        JsonNode o = Wire.JSON.readTree(json);
        return new Approval(text(o, "id"), text(o, "agent"), event(o.get("event")), text(o, "tool"), text(o, "arguments"),
                spends(o.get("spends")), text(o, "rule"), text(o, "reason"), text(o, "key"), Instant.parse(text(o, "requestedAt")),
                Instant.parse(text(o, "expiresAt")), Approval.Status.valueOf(text(o, "status")), optional(o, "decidedBy"), optional(o, "note"),
                optional(o, "decidedAt").map(Instant::parse), optional(o, "outcome").map(ToolCall.Outcome::valueOf), optional(o, "result"));
    }

    private static Event event(JsonNode e) {
        Map<String, String> attributes = new LinkedHashMap<>();
        e.get("attributes").properties().forEach(p -> attributes.put(p.getKey(), p.getValue().asString()));
        return new Event(text(e, "id"), text(e, "source"), text(e, "author"), text(e, "conversation"), text(e, "text"),
                Trust.valueOf(text(e, "trust")), Instant.parse(text(e, "receivedAt")), attributes);
    }

    private static List<Spend> spends(JsonNode array) {
        List<Spend> spends = new ArrayList<>();
        array.forEach(s -> spends.add(new Spend(text(s, "asset"), new BigDecimal(text(s, "amount")), optional(s, "recipient"))));
        return spends;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("stored approval lacks '" + field + "'");
        }
        return value.asString();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }
}
