package dev.agentry.core.internal.config;

import dev.agentry.core.ConfigException;
import dev.agentry.core.internal.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed values out of a JSON tree and reports every problem as a {@link ConfigException}
 * naming the source, the JSON path of the field and the reason. Messages never contain the value
 * of a string field (it could be a secret); they name only its JSON type.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeReader {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private final String source;

    /**
     * Creates a reader for one source.
     *
     * @param source the file or source name used in error messages
     */
    public NodeReader(String source) {
        this.source = source;
    }

    /**
     * Returns the source name.
     *
     * @return the source name
     */
    public String source() {
        return source;
    }

    /**
     * Parses JSON text whose root must be an object.
     *
     * @param json the JSON text
     * @return the root object
     * @throws ConfigException for invalid JSON ({@code SOURCE: invalid JSON at line L, column C:
     *     REASON}, the reason in plain words) or a non-object root
     */
    public JsonNode parseObject(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String reason = JsonSyntax.reason(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
            throw new ConfigException(source + ": invalid JSON" + where + ": " + reason);
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigException(source + ": invalid JSON: the document is empty");
        }
        return object(root, "$");
    }

    /**
     * Creates the exception for a bad field.
     *
     * @param path JSON path of the field
     * @param reason what is wrong
     * @return the exception, to throw
     */
    public ConfigException error(String path, String reason) {
        return new ConfigException(source + ": " + path + ": " + reason);
    }

    /**
     * Returns a required field of an object.
     *
     * @param object the object
     * @param path the object's path
     * @param name the field name
     * @return the field's value
     * @throws ConfigException naming the field's path when it is missing
     */
    public JsonNode required(JsonNode object, String path, String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw error(child(path, name), "required field is missing");
        }
        return value;
    }

    /**
     * Refuses fields an object's reader does not know, so a typo in a setting never passes.
     *
     * @param object the object
     * @param path the object's path
     * @param known the field names allowed
     * @throws ConfigException naming the first unknown field and the known ones
     */
    public void requireKnown(JsonNode object, String path, Set<String> known) {
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                throw error(child(path, name), "unknown field; expected one of " + known.stream().sorted().toList());
            }
        }
    }

    /**
     * Returns the path of a property of an object.
     *
     * @param path the object's path
     * @param name the property name
     * @return the property's path
     */
    public static String child(String path, String name) {
        return IDENTIFIER.matcher(name).matches() ? path + "." + name : path + "['" + name.replace("'", "\\'") + "']";
    }

    /**
     * Returns the path of an array element.
     *
     * @param path the array's path
     * @param index the index
     * @return the element's path
     */
    public static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /**
     * Names a node's JSON type for messages ("string", "number", "object"...).
     *
     * @param node the node
     * @return the type name
     */
    public static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case OBJECT -> "object";
            case ARRAY -> "list";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Requires an object.
     *
     * @param node the node
     * @param path its path
     * @return the node
     */
    public JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw error(path, "expected an object, got " + typeOf(node));
        }
        return node;
    }

    /**
     * Requires a list.
     *
     * @param node the node
     * @param path its path
     * @return the node
     */
    public JsonNode list(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw error(path, "expected a list, got " + typeOf(node));
        }
        return node;
    }

    /**
     * Requires a string.
     *
     * @param node the node
     * @param path its path
     * @return the string
     */
    public String string(JsonNode node, String path) {
        if (node == null || !node.isString()) {
            throw error(path, "expected a string, got " + typeOf(node));
        }
        return node.stringValue();
    }

    /**
     * Requires a non-blank string.
     *
     * @param node the node
     * @param path its path
     * @return the string
     */
    public String nonBlank(JsonNode node, String path) {
        String value = string(node, path);
        if (value.isBlank()) {
            throw error(path, "must not be blank");
        }
        return value;
    }

    /**
     * Accepts a string or a list of strings (ElizaOS allows both for bio and similar fields).
     *
     * @param node the node
     * @param path its path
     * @return the strings, one for a single string
     */
    public List<String> stringOrList(JsonNode node, String path) {
        if (node != null && node.isString()) {
            return List.of(node.stringValue());
        }
        if (node == null || !node.isArray()) {
            throw error(path, "expected a string or a list of strings, got " + typeOf(node));
        }
        return strings(node, path);
    }

    /**
     * Requires a list of strings.
     *
     * @param node the node
     * @param path its path
     * @return the strings
     */
    public List<String> stringList(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw error(path, "expected a list of strings, got " + typeOf(node));
        }
        return strings(node, path);
    }

    private List<String> strings(JsonNode array, String path) {
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(string(array.get(i), index(path, i)));
        }
        return out;
    }

    /**
     * Requires a whole number within bounds.
     *
     * @param node the node
     * @param path its path
     * @param min the least value allowed
     * @return the number
     */
    public long whole(JsonNode node, String path, long min) {
        if (node == null || !node.isIntegralNumber()) {
            throw error(path, "expected a whole number, got " + (node != null && node.isNumber() ? "a fraction" : typeOf(node)));
        }
        if (!node.canConvertToLong()) {
            throw error(path, "number is too large");
        }
        long value = node.longValue();
        if (value < min) {
            throw error(path, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Requires a whole number that fits an {@code int}.
     *
     * @param node the node
     * @param path its path
     * @param min the least value allowed
     * @return the number
     */
    public int integer(JsonNode node, String path, int min) {
        long value = whole(node, path, min);
        if (value > Integer.MAX_VALUE) {
            throw error(path, "must be at most " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }

    /**
     * Requires a boolean.
     *
     * @param node the node
     * @param path its path
     * @return the boolean
     */
    public boolean bool(JsonNode node, String path) {
        if (node == null || !node.isBoolean()) {
            throw error(path, "expected true or false, got " + typeOf(node));
        }
        return node.booleanValue();
    }

    /**
     * Requires an exact decimal amount, given as a decimal string ({@code "0.05"}, preferred) or a
     * JSON number; zero or more.
     *
     * @param node the node
     * @param path its path
     * @return the amount
     */
    public BigDecimal amount(JsonNode node, String path) {
        BigDecimal value;
        if (node != null && node.isString()) {
            try {
                value = new BigDecimal(node.stringValue().trim());
            } catch (NumberFormatException e) {
                throw error(path, "expected a decimal amount such as \"0.05\", got a string that is not a number");
            }
        } else if (node != null && node.isNumber()) {
            value = node.decimalValue();
        } else {
            throw error(path, "expected a decimal amount such as \"0.05\", got " + typeOf(node));
        }
        if (value.signum() < 0) {
            throw error(path, "must not be negative, was " + value.toPlainString());
        }
        return value;
    }

    /**
     * Requires a positive ISO-8601 duration such as {@code "PT1H"} or {@code "P1D"}.
     *
     * @param node the node
     * @param path its path
     * @return the duration
     */
    public Duration duration(JsonNode node, String path) {
        String text = string(node, path);
        Duration value;
        try {
            value = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw error(path, "expected an ISO-8601 duration such as \"PT1H\" or \"P1D\", got \"" + text + "\"");
        }
        if (value.isZero() || value.isNegative()) {
            throw error(path, "must be a positive duration, was " + text);
        }
        return value;
    }
}
