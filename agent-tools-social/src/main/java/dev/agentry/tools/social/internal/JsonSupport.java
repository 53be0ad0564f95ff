package dev.agentry.tools.social.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The feeds' JSON mapper and lenient accessors that never throw on missing fields. */
public final class JsonSupport {
    /** Thread-safe mapper. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonSupport() {}

    /**
     * Returns a text or number field as a string.
     *
     * @param node the object (may be null or not an object)
     * @param field the field
     * @return the value, empty if absent, null, blank or not scalar
     */
    public static Optional<String> text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !(value.isString() || value.isNumber())) {
            return Optional.empty();
        }
        String s = value.isString() ? value.asString() : value.asString();
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    /**
     * Parses bytes as JSON.
     *
     * @param bytes UTF-8 JSON
     * @return the tree, or empty when the bytes are not JSON
     */
    public static Optional<JsonNode> parse(byte[] bytes) {
        try {
            return Optional.of(MAPPER.readTree(bytes));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns a child node.
     *
     * @param node the object (may be null)
     * @param field the field
     * @return the child, or a missing node
     */
    public static JsonNode path(JsonNode node, String field) {
        return node == null ? MAPPER.missingNode() : node.path(field);
    }

    /**
     * Parses an ISO-8601 instant leniently.
     *
     * @param value the text, if any
     * @return the instant, empty if absent or unparseable
     */
    public static Optional<Instant> instant(Optional<String> value) {
        try {
            return value.map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the first characters of a response body for error messages.
     *
     * @param body the body
     * @return at most 200 characters, on one line
     */
    public static String excerpt(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
