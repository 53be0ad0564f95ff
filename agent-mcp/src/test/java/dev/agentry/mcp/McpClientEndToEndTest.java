package dev.agentry.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ConfigException;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agentry as an MCP client of a server written with the official TypeScript SDK (run with node):
 * the server's tools become ordinary agent tools under the agent's policy.
 */
class McpClientEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOB = "0x00000000000000000000000000000000000b0b00";
    private static final Persona PERSONA = Persona.of("Payer", "Pays people for their help.");

    private ScriptedModel model;
    private InMemoryJournal journal;
    private AgentRuntime runtime;

    @BeforeEach
    void setUp() {
        model = ScriptedModel.start();
        journal = new InMemoryJournal();
        runtime = AgentRuntime.builder().journal(journal).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        model.close();
    }

    static String stdioServer(String extra) {
        return """
                {"command": ["%s", "%s"], "env": {"TS_GREETING": "${GREETING}"}, "timeout": "PT20S", %s
                 "tools": {"quote": {"effect": "READ"}, "ledger": {"effect": "READ"}, "whoami": {"effect": "READ"},
                           "env_names": {"effect": "READ"}, "greeting": {"effect": "READ"},
                           "pay": {"effect": "FUNDS", "spends": [{"asset": "ETH", "amount": "$.amount", "recipient": "$.to"}]}}}
                """.formatted(NodeScripts.node(), NodeScripts.script("ts-tool-server.mjs"), extra);
    }

    static AgentConfig config(String servers, Map<String, String> env) {
        return AgentConfig.parse("""
                {"model": {"provider": "openai", "name": "scripted"},
                 "plugins": ["mcp"],
                 "policy": {"spendCaps": [{"asset": "ETH", "amount": "1", "window": "P1D"}]},
                 "mcp": {"servers": %s}}
                """.formatted(servers), "mcp-client-test.json", env);
    }

    private void register(AgentConfig config) {
        runtime.register(Agent.builder("payer").persona(PERSONA).model(model.chatModel()).config(config).build());
    }

    private ToolCall invoke(String eventId, String tool, String arguments) {
        return runtime.invokeTool("payer", Event.of(eventId, "local", "owner", "c1", "", Trust.OWNER), tool, arguments);
    }

    @Test
    void aModelTurnCallsTheServersToolsAndTheSpendCapDeniesTheFundsCallOverIt() throws Exception {
        register(config("{\"ts\": " + stdioServer("") + "}", Map.of("GREETING", "hi")));
        runtime.start();
        model.thenToolCall("quote", "{\"symbol\":\"ETH\"}")
                .thenToolCall("pay", "{\"to\":\"" + BOB + "\",\"amount\":\"0.4\"}")
                .thenToolCall("pay", "{\"to\":\"" + BOB + "\",\"amount\":\"5\"}")
                .thenToolCall("ledger", "{}")
                .thenReply("Paid bob 0.4 ETH; 5 ETH is over my cap.");

        TurnResult result = runtime.submit("payer", Event.of("e1", "local", "owner", "c1", "pay bob", Trust.OWNER)).get(60, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        List<ToolCall> calls = result.toolCalls();
        System.out.println("tool calls: " + calls);
        assertThat(calls).extracting(ToolCall::tool).containsExactly("quote", "pay", "pay", "ledger");
        assertThat(calls.get(0).outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(calls.get(0).result()).isEqualTo("ETH: 3120.55 USD");
        ToolCall paid = calls.get(1);
        ToolCall denied = calls.get(2);
        assertThat(paid.outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(paid.result()).contains("\"paid\":\"0.4\"");
        assertThat(denied.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
        assertThat(denied.rule()).isEqualTo("spend-cap");
        assertThat(denied.result()).contains("denied by policy rule 'spend-cap'").contains("would exceed the cap of 1");

        // independent check on the server's side: one payment, carrying the runtime's idempotency key
        JsonNode ledger = JSON.readTree(calls.get(3).result());
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("amount").asString()).isEqualTo("0.4");
        assertThat(ledger.get(0).get("idempotencyKey").asString()).isEqualTo(paid.idempotencyKey());

        EffectRecord record = journal.effect(paid.idempotencyKey()).orElseThrow();
        assertThat(record.status()).isEqualTo(EffectRecord.Status.DONE);
        assertThat(record.spends()).containsExactly(Spend.of("ETH", new BigDecimal("0.4"), BOB));
    }

    @Test
    void theFundsToolIsOfferedToTheOwnerButNotToUntrustedAuthors() {
        register(config("{\"ts\": " + stdioServer("") + "}", Map.of("GREETING", "hi")));
        List<String> owner = runtime.offeredTools("payer", Trust.OWNER).stream().map(ToolSpecification::name).toList();
        List<String> untrusted = runtime.offeredTools("payer", Trust.UNTRUSTED).stream().map(ToolSpecification::name).toList();
        assertThat(owner).contains("pay", "quote");
        assertThat(untrusted).contains("quote").doesNotContain("pay");

        ToolCall refused = runtime.invokeTool("payer", Event.of("u1", "x", "stranger", "c2", "", Trust.UNTRUSTED), "pay",
                "{\"to\":\"" + BOB + "\",\"amount\":\"0.1\"}");
        assertThat(refused.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
        assertThat(refused.rule()).isEqualTo("trust");
        assertThat(JSON.readTree(invoke("l1", "ledger", "{}").result())).isEmpty();
    }

    @Test
    void aStdioServerGetsItsConfiguredVariablesButNotTheAgentsEnvironment() {
        assertThat(System.getenv("AGENTRY_TEST_SECRET")).as("set by surefire for this test").isNotBlank();
        register(config("{\"ts\": " + stdioServer("") + "}", Map.of("GREETING", "hello from config")));

        assertThat(invoke("g1", "greeting", "{}").result()).isEqualTo("hello from config");
        JsonNode names = JSON.readTree(invoke("n1", "env_names", "{}").result());
        List<String> seen = names.valueStream().map(JsonNode::asString).toList();
        System.out.println("the server's environment: " + seen);
        assertThat(seen).contains("PATH", "TS_GREETING").doesNotContain("AGENTRY_TEST_SECRET");
    }

    @Test
    void aServerThatDiesIsRestartedAndItsToolsReportErrorsMeanwhile() throws Exception {
        register(config("{\"ts\": " + stdioServer("\"backoff\": \"PT2S\", \"healthCheck\": \"PT1S\",") + "}",
                Map.of("GREETING", "hi")));
        ToolCall first = invoke("w1", "whoami", "{}");
        assertThat(first.outcome()).isEqualTo(ToolCall.Outcome.OK);

        ToolCall crash = invoke("k1", "crash", "{}");
        System.out.println("crash: " + crash.result());
        assertThat(crash.outcome()).isEqualTo(ToolCall.Outcome.ERROR);
        assertThat(crash.result()).contains("MCP server 'ts'");

        ToolCall meanwhile = invoke("w2", "whoami", "{}");
        System.out.println("meanwhile: " + meanwhile.result());
        assertThat(meanwhile.outcome()).isEqualTo(ToolCall.Outcome.ERROR);
        assertThat(meanwhile.result()).contains("MCP server 'ts' is unavailable").contains("reconnecting");

        ToolCall back = meanwhile;
        for (int i = 0; i < 60 && back.outcome() != ToolCall.Outcome.OK; i++) {
            Thread.sleep(500);
            back = invoke("w3-" + i, "whoami", "{}");
        }
        assertThat(back.outcome()).as(back.result()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(back.result()).isNotEqualTo(first.result());
    }

    @Test
    void aDeclaredToolTheServerDoesNotListFailsRegistrationNamingIt() {
        String server = stdioServer("").replace("\"quote\": {\"effect\": \"READ\"}", "\"qoute\": {\"effect\": \"READ\"}");
        assertThatThrownBy(() -> register(config("{\"ts\": " + server + "}", Map.of("GREETING", "hi"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.mcp.servers.ts.tools.qoute").hasMessageContaining("lists no tool named 'qoute'");
    }

    @Test
    void aStreamableHttpServerIsReachedWithTheBearerTokenFromTheEnvironment() throws Exception {
        String token = "ts-server-token-" + System.nanoTime();
        Process server = NodeScripts.start("ts-tool-server.mjs", List.of("--http"), Map.of("TS_SERVER_TOKEN", token));
        try {
            String url = "http://127.0.0.1:" + NodeScripts.awaitLine(server, "LISTENING ") + "/mcp";
            String http = """
                    {"ts_http": {"url": "%s", "headers": {"Authorization": "Bearer ${TS_TOKEN}"}, "prefix": "remote_",
                                 "tools": {"quote": {"effect": "READ"}}}}""".formatted(url);

            assertThatThrownBy(() -> register(config(http, Map.of("TS_TOKEN", "wrong-" + token))))
                    .isInstanceOf(McpException.class)
                    .hasMessageContaining("MCP server 'ts_http'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));

            register(config(http, Map.of("TS_TOKEN", token)));
            ToolCall quote = invoke("q1", "remote_quote", "{\"symbol\":\"BTC\"}");
            assertThat(quote.outcome()).isEqualTo(ToolCall.Outcome.OK);
            assertThat(quote.result()).isEqualTo("BTC: 3120.55 USD");
        } finally {
            server.destroy();
        }
    }
}
