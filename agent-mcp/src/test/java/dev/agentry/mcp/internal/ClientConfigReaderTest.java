package dev.agentry.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Effect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigReaderTest {
    private static final Map<String, String> ENV = Map.of("MCP_TOKEN", "s3cret-token-value", "PRICES_KEY", "k-123");

    private static List<ServerSettings> read(String servers) {
        return ClientConfigReader.servers(ConfigSection.parse("agent.json", "{\"servers\": " + servers + "}", ENV));
    }

    @Test
    void readsStdioAndHttpServersWithTheirDeclarations() {
        List<ServerSettings> servers = read("""
                {"prices": {"command": ["node", "prices.mjs"], "env": {"PRICES_KEY": "${PRICES_KEY}"}, "timeout": "PT5S",
                            "tools": {"quote": {"effect": "read"}}},
                 "wallet": {"url": "https://mcp.example.com/mcp?x=1", "headers": {"Authorization": "Bearer ${MCP_TOKEN}"},
                            "prefix": "w_", "backoff": "PT2S", "maxBackoff": "PT10S",
                            "tools": {"send": {"effect": "FUNDS", "spends": [{"asset": "ETH", "amount": "$.wei", "decimals": 18, "recipient": "$.to"}]}}}}
                """);
        ServerSettings prices = servers.get(0);
        assertThat(prices.launch()).isEqualTo(new ServerSettings.Stdio(List.of("node", "prices.mjs"), Map.of("PRICES_KEY", "k-123")));
        assertThat(prices.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(prices.declaration("quote").effect()).isEqualTo(Effect.READ);
        assertThat(prices.declaration("other")).isEqualTo(ToolDeclaration.UNDECLARED);

        ServerSettings wallet = servers.get(1);
        ServerSettings.Http http = (ServerSettings.Http) wallet.launch();
        assertThat(http.headers().get("Authorization").reveal()).isEqualTo("Bearer s3cret-token-value");
        assertThat(wallet.toString()).doesNotContain("s3cret").contains("Authorization");
        assertThat(prices.toString()).doesNotContain("k-123");
        assertThat(wallet.prefix()).isEqualTo("w_");
        assertThat(wallet.restart().delay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(wallet.restart().delay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(wallet.restart().delay(9)).isEqualTo(Duration.ofSeconds(10));
        assertThat(wallet.declaration("send").spends()).containsExactly(new SpendRule("ETH", "$.wei", java.util.Optional.of("$.to"), 18));
    }

    @Test
    void aLiteralCredentialInAHeaderIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> read("{\"w\": {\"url\": \"https://x.example/mcp\", \"headers\": {\"Authorization\": \"Bearer abc123literal\"}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.servers.w.headers.Authorization").hasMessageContaining("${NAME}")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc123literal"));
        assertThat(read("{\"w\": {\"url\": \"https://x.example/mcp\", \"headers\": {\"Accept-Language\": \"en\"}}}")).hasSize(1);
    }

    @Test
    void aFundsToolMustDeclareItsSpendsAndOnlyFundsToolsMay() {
        assertThatThrownBy(() -> read("{\"s\": {\"command\": [\"node\"], \"tools\": {\"pay\": {\"effect\": \"FUNDS\"}}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.servers.s.tools.pay.spends")
                .hasMessageContaining("must declare its spends");
        assertThatThrownBy(() -> read("{\"s\": {\"command\": [\"node\"], \"tools\": {\"post\": {\"effect\": \"POST\", "
                + "\"spends\": [{\"asset\": \"ETH\", \"amount\": \"$.a\"}]}}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only FUNDS tools declare spends");
    }

    @Test
    void badShapesNameThePath() {
        assertThatThrownBy(() -> read("{\"s\": {\"command\": [\"node\"], \"url\": \"https://x.example/mcp\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> read("{\"s\": {\"command\": \"node server.mjs\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("list of the program and its arguments");
        assertThatThrownBy(() -> read("{\"s\": {\"url\": \"ftp://x.example/mcp\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.servers.s.url");
        assertThatThrownBy(() -> read("{\"s\": {\"command\": [\"node\"], \"tools\": {\"t\": {\"effect\": \"SPEND\"}}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("READ, POST, FUNDS, SIGN");
        assertThatThrownBy(() -> read("{\"s\": {\"command\": [\"node\"], \"comand\": [\"x\"]}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.servers.s.comand");
        assertThatThrownBy(() -> read("{\"s\": {\"command\": [\"node\"], \"prefix\": \"Bad-\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("$.servers.s.prefix");
        assertThatThrownBy(() -> read("{\"s\": {\"command\": [\"node\"], \"tools\": {\"pay\": {\"effect\": \"FUNDS\", "
                + "\"spends\": [{\"asset\": \"ETH\", \"amount\": \"$..a\"}]}}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unsupported JSON path");
    }
}
