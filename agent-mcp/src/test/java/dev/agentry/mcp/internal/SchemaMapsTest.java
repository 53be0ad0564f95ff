package dev.agentry.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SchemaMapsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        return JSON.readValue(json, Map.class);
    }

    @Test
    void anMcpInputSchemaBecomesToolParametersTheRuntimeValidatesAgainst() {
        JsonObjectSchema parameters = SchemaMaps.parameters(map("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
                 "properties": {"to": {"type": "string", "description": "recipient"}, "side": {"type": "string", "enum": ["buy", "sell"]},
                                "n": {"type": "integer", "minimum": 1}},
                 "required": ["to"]}"""));
        assertThat(parameters.properties().get("to")).isInstanceOf(JsonStringSchema.class);
        assertThat(parameters.properties().get("side")).isInstanceOf(JsonEnumSchema.class);
        assertThat(parameters.properties()).containsKey("n");
        assertThat(parameters.required()).containsExactly("to");
        assertThat(parameters.additionalProperties()).isFalse();
        assertThat(SchemaMaps.parameters(null).properties()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void toolParametersBecomeAnMcpInputSchema() {
        ToolSpecification spec = ToolSpecification.builder().name("transfer_native").description("Send ETH")
                .parameters(JsonObjectSchema.builder().addStringProperty("to", "recipient").addStringProperty("amount").required("to", "amount").build())
                .build();
        Map<String, Object> schema = SchemaMaps.inputSchema(spec);
        assertThat(schema).containsEntry("type", "object").containsEntry("required", List.of("to", "amount"));
        assertThat((Map<String, Object>) schema.get("properties")).containsOnlyKeys("to", "amount");
        assertThat(SchemaMaps.inputSchema(ToolSpecification.builder().name("wallet_address").build()))
                .containsEntry("type", "object").containsEntry("properties", Map.of());
    }
}
