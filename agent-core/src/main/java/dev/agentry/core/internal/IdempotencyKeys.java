package dev.agentry.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Stable idempotency keys for tool calls: the same request for the same event gets the same key. */
public final class IdempotencyKeys {
    private IdempotencyKeys() {}

    /** Key of a tool call: tool name plus a SHA-256 of agent, event, tool and canonical arguments. */
    public static String forToolCall(String agentId, String eventId, String tool, JsonNode arguments) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(agentId).append('\u0000').append(eventId).append('\u0000').append(tool).append('\u0000');
        appendCanonical(arguments, canonical);
        return tool + ":" + sha256(canonical.toString()).substring(0, 40);
    }

    /** Hex SHA-256 of a text. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void appendCanonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            out.append('{');
            sorted.forEach((k, v) -> {
                out.append(Json.MAPPER.writeValueAsString(k)).append(':');
                appendCanonical(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(v -> {
                appendCanonical(v, out);
                out.append(',');
            });
            out.append(']');
        } else if (node.isNumber()) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else if (node.isString()) {
            out.append(Json.MAPPER.writeValueAsString(node.asString().strip()));
        } else {
            out.append(node);
        }
    }
}
