package dev.agentry.core.internal.turn;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.agentry.core.internal.Json;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool's parameter schema, compiled once, that checks the model's arguments with networknt's
 * JSON-schema validator (draft 2020-12). The schema checked is the one the model was shown:
 * LangChain4j's own rendering of the tool's {@link JsonObjectSchema}. Two choices are ours: an
 * object that declares properties accepts no others (a misspelt argument is an error the model
 * can fix, not silently ignored), and an optional argument sent as {@code null} counts as absent.
 * Errors name the argument's path ({@code $.amount}) so the model can correct itself. Thread-safe.
 */
public final class ArgumentSchema {
    private static final int MAX_ERRORS = 8;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .pathType(PathType.LEGACY)
                    .locale(Locale.ENGLISH)
                    .build()));

    private final Schema schema;
    private final Set<String> required;
    private final List<String> properties;

    private ArgumentSchema(Schema schema, Set<String> required, List<String> properties) {
        this.schema = schema;
        this.required = required;
        this.properties = properties;
    }

    /**
     * Compiles a tool's parameters; a tool without parameters accepts an empty object only.
     *
     * @param parameters the parameters, or {@code null}
     * @return the compiled schema
     */
    public static ArgumentSchema of(JsonObjectSchema parameters) {
        JsonObjectSchema declared = parameters == null ? JsonObjectSchema.builder().build() : parameters;
        ObjectNode node = Json.MAPPER.valueToTree(JsonSchemaElementUtils.toMap(declared));
        closeObjects(node);
        Set<String> required = declared.required() == null ? Set.of() : Set.copyOf(declared.required());
        List<String> properties = declared.properties() == null ? List.of() : List.copyOf(declared.properties().keySet());
        return new ArgumentSchema(REGISTRY.getSchema(node), required, properties);
    }

    /**
     * Checks arguments.
     *
     * @param arguments the arguments object
     * @return the violations, each naming its path; empty when the arguments are valid
     */
    public List<String> violations(ObjectNode arguments) {
        ObjectNode checked = arguments.deepCopy();
        checked.properties().removeIf(e -> e.getValue().isNull() && !required.contains(e.getKey()));
        List<String> violations = new ArrayList<>();
        for (Error error : schema.validate(checked)) {
            if (violations.size() == MAX_ERRORS) {
                break;
            }
            violations.add(describe(error));
        }
        return violations;
    }

    private String describe(Error error) {
        String path = String.valueOf(error.getInstanceLocation());
        return switch (error.getKeyword()) {
            case "additionalProperties" -> path + "." + error.getProperty() + ": unknown argument"
                    + ("$".equals(path) ? "; expected one of " + properties : "");
            case "required" -> path + "." + error.getProperty() + ": required but missing";
            default -> path + ": " + error.getMessage();
        };
    }

    /** Sets {@code additionalProperties: false} on every object schema that lists properties and says nothing itself. */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
        }
        for (JsonNode child : node) {
            closeObjects(child);
        }
    }
}
