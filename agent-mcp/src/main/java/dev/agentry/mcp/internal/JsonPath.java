package dev.agentry.mcp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A small JSON path into tool arguments: {@code $.to}, {@code $.payment.amount},
 * {@code $.recipients[0]}, {@code $['odd key']}. Filters and wildcards are refused at load: a
 * spend must name exactly one value. Immutable and thread-safe.
 */
public final class JsonPath {
    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** Whether a configured value is a path (starts with {@code $}) rather than a literal. */
    public static boolean isPath(String value) {
        return value.startsWith("$");
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming the position of the first unsupported character
     */
    public static JsonPath parse(String text) {
        if (!text.startsWith("$")) {
            throw new IllegalArgumentException("a JSON path starts with '$', got '" + text + "'");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_' || text.charAt(end) == '-')) {
                    end++;
                }
                if (end == i + 1) {
                    throw unsupported(text, i);
                }
                steps.add(text.substring(i + 1, end));
                i = end;
            } else if (c == '[' && text.startsWith("['", i)) {
                int end = text.indexOf("']", i + 2);
                if (end < 0) {
                    throw unsupported(text, i);
                }
                steps.add(text.substring(i + 2, end));
                i = end + 2;
            } else if (c == '[') {
                int end = text.indexOf(']', i);
                if (end < 0 || !text.substring(i + 1, end).matches("\\d{1,6}")) {
                    throw unsupported(text, i);
                }
                steps.add(Integer.parseInt(text.substring(i + 1, end)));
                i = end + 1;
            } else {
                throw unsupported(text, i);
            }
        }
        return new JsonPath(text, steps);
    }

    /** Returns the value at this path, or empty when any step is missing or JSON null. */
    public Optional<JsonNode> read(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    @Override
    public String toString() {
        return text;
    }

    private static IllegalArgumentException unsupported(String text, int at) {
        return new IllegalArgumentException("unsupported JSON path '" + text + "' at position " + at
                + "; use $.name, $.a.b, $.list[0] or $['key']");
    }
}
