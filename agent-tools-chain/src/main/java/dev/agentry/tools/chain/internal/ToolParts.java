package dev.agentry.tools.chain.internal;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/** Building blocks of the chain tools: specifications and JSON results. */
final class ToolParts {
    private ToolParts() {
    }

    /**
     * Builds a tool specification.
     *
     * @param name snake_case name
     * @param description what the tool does, for the model
     * @param params adds the parameters
     * @return the specification
     */
    static ToolSpecification spec(String name, String description, Consumer<JsonObjectSchema.Builder> params) {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder();
        params.accept(b);
        return ToolSpecification.builder().name(name).description(description).parameters(b.build()).build();
    }

    /** @return a new empty JSON object for a result */
    static ObjectNode object() {
        return Contracts.JSON.createObjectNode();
    }

    /**
     * Renders a result.
     *
     * @param node the result
     * @return its JSON text
     */
    static String render(ObjectNode node) {
        return Contracts.JSON.writeValueAsString(node);
    }
}
