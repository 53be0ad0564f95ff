package dev.agentry.core.internal;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates tool arguments against a LangChain4j JSON schema. Errors name the JSON path, so the
 * model can correct itself. Unknown schema kinds (references, raw schemas) are accepted as is.
 */
public final class SchemaValidator {
    private static final int MAX_ERRORS = 8;

    private SchemaValidator() {}

    /** Returns the violations, empty when the arguments are valid. */
    public static List<String> validate(JsonObjectSchema schema, ObjectNode arguments) {
        List<String> errors = new ArrayList<>();
        if (schema == null) {
            return errors;
        }
        validate(schema, arguments, "$", errors);
        return errors;
    }

    private static void validate(JsonSchemaElement schema, JsonNode value, String path, List<String> errors) {
        if (errors.size() >= MAX_ERRORS) {
            return;
        }
        switch (schema) {
            case JsonObjectSchema object -> validateObject(object, value, path, errors);
            case JsonStringSchema ignored -> {
                if (!value.isString()) {
                    errors.add(path + ": expected a string, got " + kind(value));
                }
            }
            case JsonIntegerSchema ignored -> {
                boolean integral = value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
                if (!integral) {
                    errors.add(path + ": expected an integer, got " + kind(value));
                }
            }
            case JsonNumberSchema ignored -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number, got " + kind(value));
                }
            }
            case JsonBooleanSchema ignored -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected true or false, got " + kind(value));
                }
            }
            case JsonEnumSchema enumeration -> {
                if (!value.isString() || !enumeration.enumValues().contains(value.asString())) {
                    errors.add(path + ": expected one of " + enumeration.enumValues() + ", got " + abbreviate(value));
                }
            }
            case JsonArraySchema array -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected an array, got " + kind(value));
                } else if (array.items() != null) {
                    for (int i = 0; i < value.size(); i++) {
                        validate(array.items(), value.get(i), path + "[" + i + "]", errors);
                    }
                }
            }
            case JsonNullSchema ignored -> {
                if (!value.isNull()) {
                    errors.add(path + ": expected null, got " + kind(value));
                }
            }
            case JsonAnyOfSchema anyOf -> {
                for (JsonSchemaElement option : anyOf.anyOf()) {
                    List<String> optionErrors = new ArrayList<>();
                    validate(option, value, path, optionErrors);
                    if (optionErrors.isEmpty()) {
                        return;
                    }
                }
                errors.add(path + ": matches none of the allowed forms");
            }
            default -> {
                // references and raw schemas are not checked here
            }
        }
    }

    private static void validateObject(JsonObjectSchema schema, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": expected an object, got " + kind(value));
            return;
        }
        Map<String, JsonSchemaElement> properties = schema.properties() == null ? Map.of() : schema.properties();
        if (schema.required() != null) {
            for (String name : schema.required()) {
                JsonNode field = value.get(name);
                if (field == null || field.isNull() && !(properties.get(name) instanceof JsonNullSchema)) {
                    errors.add(path + "." + name + ": required but missing");
                }
            }
        }
        for (var entry : value.properties()) {
            JsonSchemaElement property = properties.get(entry.getKey());
            if (property == null) {
                if (Boolean.FALSE.equals(schema.additionalProperties()) || !properties.isEmpty()) {
                    errors.add(path + "." + entry.getKey() + ": unknown argument; expected one of " + properties.keySet());
                }
                continue;
            }
            if (entry.getValue().isNull() && (schema.required() == null || !schema.required().contains(entry.getKey()))) {
                continue;
            }
            validate(property, entry.getValue(), path + "." + entry.getKey(), errors);
        }
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
