package dev.agentry.core;

import dev.agentry.core.internal.IdempotencyKeys;
import dev.agentry.core.internal.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The arguments of one tool call, already validated against the tool's JSON schema.
 *
 * <p>Accessors throw {@link ToolException} naming the argument when a value is missing or has the
 * wrong form, so a tool can read its arguments without defensive code and the model gets a
 * precise error. Numbers are read exactly: {@link #decimal(String)} never goes through a float.
 */
public final class ToolArguments {
    private final ObjectNode json;

    private ToolArguments(ObjectNode json) {
        this.json = json;
    }

    /**
     * Parses arguments from their JSON text. Numbers are kept exact.
     *
     * @param jsonText a JSON object; blank means no arguments
     * @return the arguments
     * @throws ToolException if the text is not a JSON object
     */
    public static ToolArguments parse(String jsonText) {
        if (jsonText == null || jsonText.isBlank()) {
            return new ToolArguments(Json.MAPPER.createObjectNode());
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(jsonText);
        } catch (RuntimeException e) {
            throw new ToolException("arguments are not valid JSON: " + Json.shortMessage(e));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ToolException("arguments must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return new ToolArguments(object);
    }

    /**
     * Wraps an existing JSON object.
     *
     * @param json the arguments object
     * @return the arguments
     */
    public static ToolArguments of(ObjectNode json) {
        return new ToolArguments(Objects.requireNonNull(json, "json"));
    }

    /**
     * Returns the arguments as a JSON object (read-only by convention).
     *
     * @return the JSON object
     */
    public ObjectNode json() {
        return json;
    }

    /**
     * Returns whether an argument is present and not null.
     *
     * @param name argument name
     * @return {@code true} if present
     */
    public boolean has(String name) {
        JsonNode node = json.get(name);
        return node != null && !node.isNull();
    }

    /**
     * Returns a required string argument.
     *
     * @param name argument name
     * @return the value
     * @throws ToolException if missing or not a string
     */
    public String string(String name) {
        return optionalString(name).orElseThrow(() -> new ToolException("missing required argument '" + name + "'"));
    }

    /**
     * Returns an optional string argument.
     *
     * @param name argument name
     * @return the value, or empty when absent or null
     * @throws ToolException if present but not a string
     */
    public Optional<String> optionalString(String name) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw new ToolException("argument '" + name + "' must be a string");
        }
        return Optional.of(node.asString());
    }

    /**
     * Returns a required exact decimal, given as a decimal string ({@code "1.5"}) or a JSON number.
     *
     * @param name argument name
     * @return the exact value
     * @throws ToolException if missing or not a plain decimal number
     */
    public BigDecimal decimal(String name) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            throw new ToolException("missing required argument '" + name + "'");
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isString()) {
            String text = node.asString().strip();
            if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
                throw new ToolException("argument '" + name + "' must be a decimal number like \"1.5\", got \"" + abbreviate(text) + "\"");
            }
            return new BigDecimal(text);
        }
        throw new ToolException("argument '" + name + "' must be a decimal string like \"1.5\"");
    }

    /**
     * Returns a required whole number, given as a JSON integer or a string of digits.
     *
     * @param name argument name
     * @return the value
     * @throws ToolException if missing or not a whole number
     */
    public BigInteger integer(String name) {
        BigDecimal value = decimal(name);
        try {
            return value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new ToolException("argument '" + name + "' must be a whole number, got " + value.toPlainString());
        }
    }

    /**
     * Returns an optional boolean argument.
     *
     * @param name argument name
     * @param defaultValue value when absent
     * @return the value
     * @throws ToolException if present but not a boolean
     */
    public boolean bool(String name, boolean defaultValue) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw new ToolException("argument '" + name + "' must be true or false");
        }
        return node.booleanValue();
    }

    /**
     * Returns the idempotency key a call of a tool with these arguments gets for an event: the
     * tool's name, a colon and 40 hex digits of a SHA-256 over the agent, the event id, the tool
     * and the arguments in canonical form (keys sorted, numbers without trailing zeros, strings
     * stripped), so the same request for the same event always has the same key. It is the key
     * {@link ToolContext#idempotencyKey()} reports and the journal records; reconcilers and
     * operator tools use it to find a call's {@link EffectRecord}.
     *
     * @param agentId the agent
     * @param eventId the event's id
     * @param tool the tool's name
     * @return the key
     */
    public String idempotencyKey(String agentId, String eventId, String tool) {
        return IdempotencyKeys.forToolCall(Objects.requireNonNull(agentId, "agentId"), Objects.requireNonNull(eventId, "eventId"),
                Objects.requireNonNull(tool, "tool"), json);
    }

    /** Returns the arguments as compact JSON. */
    @Override
    public String toString() {
        return Json.MAPPER.writeValueAsString(json);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
