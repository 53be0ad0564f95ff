package dev.agentry.mcp.internal;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts tool schemas between MCP (JSON Schema as maps) and LangChain4j ({@link JsonObjectSchema},
 * which the runtime validates arguments against and shows the model). Each property goes through
 * LangChain4j's own map reader; a property it cannot type exactly (formats, bounds, unions) stays a
 * raw schema, which models still see and the MCP server still enforces.
 */
public final class SchemaMaps {
    private SchemaMaps() {}

    /** Converts an MCP tool's input schema into the parameters of a LangChain4j tool specification. */
    @SuppressWarnings("unchecked")
    public static JsonObjectSchema parameters(Map<String, Object> inputSchema) {
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder();
        if (inputSchema == null) {
            return builder.build();
        }
        if (inputSchema.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, schema) -> {
                if (schema instanceof Map<?, ?> map) {
                    builder.addProperty(String.valueOf(name), element((Map<String, Object>) map));
                }
            });
        }
        if (inputSchema.get("required") instanceof List<?> required) {
            builder.required(required.stream().map(String::valueOf).toList());
        }
        if (inputSchema.get("additionalProperties") instanceof Boolean additional) {
            builder.additionalProperties(additional);
        }
        if (inputSchema.get("description") instanceof String description) {
            builder.description(description);
        }
        Object definitions = inputSchema.containsKey("$defs") ? inputSchema.get("$defs") : inputSchema.get("definitions");
        if (definitions instanceof Map<?, ?> defs) {
            Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
            defs.forEach((name, schema) -> {
                if (schema instanceof Map<?, ?> map) {
                    converted.put(String.valueOf(name), element((Map<String, Object>) map));
                }
            });
            builder.definitions(converted);
        }
        return builder.build();
    }

    /** Converts a tool specification's parameters into an MCP input schema. */
    public static Map<String, Object> inputSchema(ToolSpecification specification) {
        JsonObjectSchema parameters = specification.parameters();
        if (parameters == null) {
            return Map.of("type", "object", "properties", Map.of());
        }
        Map<String, Object> schema = new LinkedHashMap<>(JsonSchemaElementJsonUtils.toMap(parameters));
        schema.putIfAbsent("properties", Map.of());
        return schema;
    }

    private static JsonSchemaElement element(Map<String, Object> schema) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.remove("$schema");
        return JsonSchemaElementJsonUtils.fromMap(copy);
    }
}
