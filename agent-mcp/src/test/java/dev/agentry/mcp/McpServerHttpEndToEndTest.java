package dev.agentry.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
import dev.agentry.testkit.Anvil;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import dev.langchain4j.model.chat.ChatModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An MCP client written with the official TypeScript SDK calls an agent's chain tools through
 * {@link McpAgentServer} over streamable HTTP, against a real Anvil node: the agent's policy
 * decides what each credential sees and may do, and a retried transfer lands once.
 */
class McpServerHttpEndToEndTest {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);

    @Test
    void aTsClientIsGovernedByTheAgentsPolicyAndARetriedTransferLandsOnce() throws Exception {
        String ownerToken = token();
        String strangerToken = token();
        String x = address();
        String y = address();
        try (Anvil anvil = Anvil.start();
                ChainToolkit chain = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(anvil.url())
                        .wallet(Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "${AGENT_PRIVATE_KEY}")))
                        .receiptPollInterval(Duration.ofMillis(20)).receiptTimeout(Duration.ofSeconds(60)).build()) {
            InMemoryJournal journal = new InMemoryJournal();
            StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).journal(journal).build();
            try (AgentRuntime runtime = AgentRuntime.builder().journal(journal).discoverPlugins(false).build()) {
                runtime.register(Agent.builder("tipper").persona(Persona.of("Tipper", "Tips helpful people."))
                        .model(new ChatModel() {}).tools(chain.tools("wallet_address", "native_balance", "transfer_native"))
                        .policy(policy).build());
                runtime.start();
                try (McpAgentServer server = McpAgentServer.builder(runtime, "tipper")
                        .credential(McpCredential.http("owner", Secret.of(ownerToken, "${OWNER_TOKEN}"), Trust.OWNER))
                        .credential(McpCredential.http("stranger", Secret.of(strangerToken, "${STRANGER_TOKEN}"), Trust.UNTRUSTED))
                        .build()) {
                    URI url = server.serveHttp();
                    String tip = "{\"to\":\"" + x + "\",\"amount\":\"0.3\"}";
                    String retried = "{\"to\":\"" + y + "\",\"amount\":\"0.2\"}";
                    List<JsonNode> r = TsClient.http(url.toString())
                            .session("owner", ownerToken).session("stranger", strangerToken).session("nobody", token())
                            .list("owner")                                                              // 0
                            .list("stranger")                                                           // 1
                            .list("nobody")                                                             // 2
                            .call("owner", "native_balance", "{}", null)                                // 3
                            .call("stranger", "transfer_native", tip, null)                             // 4
                            .call("owner", "transfer_native", "{\"to\":\"" + x + "\",\"amount\":\"5\"}", null) // 5
                            .call("owner", "transfer_native", tip, "tip-1")                             // 6
                            .call("owner", "transfer_native", tip, "tip-1")                             // 7
                            .parallel("owner", 2, "transfer_native", retried)                           // 8
                            .call("owner", "transfer_native", retried, null)                            // 9
                            .run();

                    assertThat(names(r.get(0))).contains("wallet_address", "native_balance", "transfer_native");
                    assertThat(names(r.get(1))).contains("wallet_address", "native_balance").doesNotContain("transfer_native");
                    assertThat(r.get(2).get("error").asString()).contains("401");

                    assertThat(r.get(3).get("isError").asBoolean()).isFalse();
                    assertThat(r.get(3).get("text").asString()).contains("\"address\":\"" + Anvil.ADDRESS_0 + "\"").contains("\"symbol\":\"ETH\"");

                    assertDenied(r.get(4), "trust");
                    assertDenied(r.get(5), "spend-cap");
                    assertThat(r.get(5).get("text").asString()).contains("would exceed the cap of 1");

                    assertRan(r.get(6), "OK");
                    assertRan(r.get(7), "REPLAYED");
                    assertThat(r.get(7).get("text").asString()).isEqualTo(r.get(6).get("text").asString());
                    List<String> parallel = r.get(8).get("results").valueStream().map(n -> n.get("meta").get("dev.agentry/outcome").asString()).toList();
                    assertThat(parallel).containsExactlyInAnyOrder("OK", "REPLAYED");
                    assertRan(r.get(9), "REPLAYED");
                }
            }
            // independent checks over JSON-RPC: each transfer landed exactly once
            assertThat(ChainRpc.balance(anvil.url(), x)).isEqualTo(ETH.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN));
            assertThat(ChainRpc.balance(anvil.url(), y)).isEqualTo(ETH.multiply(BigInteger.valueOf(2)).divide(BigInteger.TEN));
            assertThat(ChainRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(2);
        }
    }

    private static List<String> names(JsonNode listed) {
        assertThat(listed.has("tools")).as(listed.toString()).isTrue();
        return listed.get("tools").valueStream().map(JsonNode::asString).toList();
    }

    private static void assertDenied(JsonNode result, String rule) {
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("text").asString()).startsWith("denied by policy rule '" + rule + "'");
        assertThat(result.get("meta").get("dev.agentry/rule").asString()).isEqualTo(rule);
        assertThat(result.get("meta").get("dev.agentry/outcome").asString()).isEqualTo("DENIED");
    }

    private static void assertRan(JsonNode result, String outcome) {
        assertThat(result.get("isError").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("text").asString()).contains("\"status\":\"success\"");
        assertThat(result.get("meta").get("dev.agentry/outcome").asString()).isEqualTo(outcome);
    }

    static String token() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String address() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
