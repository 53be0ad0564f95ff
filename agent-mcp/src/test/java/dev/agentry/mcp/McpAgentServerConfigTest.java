package dev.agentry.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class McpAgentServerConfigTest {
    private static final Secret TOKEN = Secret.of("a-long-enough-token-123", "${T}");
    private AgentRuntime runtime;

    @BeforeEach
    void setUp() {
        runtime = AgentRuntime.builder().discoverPlugins(false).build();
        runtime.register(Agent.builder("tipper").persona(Persona.of("Tipper", "Tips.")).model(new ChatModel() {}).build());
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    @Test
    void eachSettingOnceAndBadValuesNamed() {
        McpAgentServer.Builder builder = McpAgentServer.builder(runtime, "tipper").retryWindow(Duration.ofMinutes(1));
        assertThatThrownBy(() -> builder.retryWindow(Duration.ofMinutes(2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("retryWindow");
        assertThatThrownBy(() -> builder.http("127.0.0.1", 70_000)).hasMessageContaining("70000");
        assertThatThrownBy(() -> builder.httpPath("mcp")).hasMessageContaining("mcp");
        builder.credential(McpCredential.http("a", TOKEN, Trust.OWNER));
        assertThatThrownBy(() -> builder.credential(McpCredential.http("a", Secret.of("another-long-token-456", "${U}"), Trust.OWNER)))
                .hasMessageContaining("'a' is given twice");
        assertThatThrownBy(() -> builder.credential(McpCredential.http("b", TOKEN, Trust.UNTRUSTED))).hasMessageContaining("share a token");
        assertThatThrownBy(() -> McpCredential.http("c", Secret.of("short", "${S}"), Trust.OWNER))
                .hasMessageContaining("shorter than 16").satisfies(e -> assertThat(e.getMessage()).doesNotContain("short\""));
        assertThatThrownBy(() -> McpAgentServer.builder(runtime, "nobody").credential(McpCredential.stdio("d", Trust.OWNER)).build())
                .hasMessageContaining("agent 'nobody' is not registered");
        assertThat(builder.build()).isNotNull();
    }

    @Test
    void httpNeedsACredentialWithATokenAndStdioAStdioCredential() {
        try (McpAgentServer server = McpAgentServer.builder(runtime, "tipper").credential(McpCredential.stdio("desktop", Trust.OWNER)).build()) {
            assertThatThrownBy(server::serveHttp).isInstanceOf(IllegalStateException.class).hasMessageContaining("has a token");
            assertThatThrownBy(() -> server.serveStdio(System.in, System.out)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no stdio credential");
        }
    }

    @Test
    void theServeSectionIsReadWithErrorsNamingTheField() {
        Map<String, String> env = Map.of("DESKTOP_TOKEN", "desktop-token-0123456789");
        McpAgentServer server = McpAgentServer.fromConfig(runtime, "tipper", ConfigSection.parse("bot.json", """
                {"credentials": {"desktop": {"token": "${DESKTOP_TOKEN}", "trust": "OWNER"}, "local": {"trust": "trusted"}},
                 "stdio": {"credential": "local"}, "http": {"port": 0, "path": "/agent"}, "retryWindow": "PT1M"}""", env));
        try (server) {
            assertThat(server.serveHttp().toString()).startsWith("http://127.0.0.1:").endsWith("/agent");
        }
        assertThatThrownBy(() -> McpAgentServer.fromConfig(runtime, "tipper", ConfigSection.parse("bot.json",
                "{\"credentials\": {\"a\": {\"trust\": \"ROOT\"}}}", env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.credentials.a.trust");
        assertThatThrownBy(() -> McpAgentServer.fromConfig(runtime, "tipper", ConfigSection.parse("bot.json",
                "{\"credentials\": {\"a\": {\"trust\": \"OWNER\"}}, \"stdio\": {\"credential\": \"b\"}}", env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.stdio.credential");
        assertThatThrownBy(() -> McpAgentServer.launch(runtime, "tipper",
                AgentConfig.parse("{\"model\": {\"provider\": \"openai\", \"name\": \"m\"}}", "bot.json", env)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.mcp.serve");
    }
}
