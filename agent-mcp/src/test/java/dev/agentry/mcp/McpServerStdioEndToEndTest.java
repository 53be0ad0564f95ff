package dev.agentry.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official TypeScript SDK's stdio client starts an Agentry agent as its MCP server (a JVM
 * running {@link StdioAgentMain}, which calls {@link McpAgentServer#launch} as the CLI will) and
 * calls its tools as the configured stdio credential.
 */
class McpServerStdioEndToEndTest {

    @Test
    void aTsStdioClientCallsTheAgentsToolsUnderItsPolicy() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<JsonNode> r = TsClient.stdio(java, List.of("-cp", System.getProperty("java.class.path"), StdioAgentMain.class.getName()))
                .list("desktop")
                .call("desktop", "price", "{}", null)
                .call("desktop", "tip", "{\"to\":\"0xb0b\",\"amount\":\"0.5\"}", null)
                .call("desktop", "tip", "{\"to\":\"0xb0b\",\"amount\":\"0.7\"}", null)
                .run();

        assertThat(r.get(0).get("tools").valueStream().map(JsonNode::asString).toList()).containsExactly("price", "tip");
        assertThat(r.get(1).get("text").asString()).isEqualTo("ETH: 3120.55 USD");
        assertThat(r.get(2).get("isError").asBoolean()).as(r.get(2).toString()).isFalse();
        assertThat(r.get(2).get("text").asString()).isEqualTo("tipped 0.5 ETH to 0xb0b for desktop (OWNER)");
        assertThat(r.get(3).get("isError").asBoolean()).isTrue();
        assertThat(r.get(3).get("text").asString())
                .isEqualTo("denied by policy rule 'spend-cap': spending 0.7 ETH would exceed the cap of 1 per day (already spent 0.5)");
    }
}
