package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Through the real agent loop: a scripted OpenAI-compatible model (LangChain4j's real client
 * against WireMock) launches a token and pays out under a spend cap, against a real Anvil node.
 */
class ChainEndToEndTest {

    @Test
    void agentLaunchesATokenAndPaysWithinItsCap() throws Exception {
        String to = ChainToolkitTest.freshAddress();
        try (Anvil anvil = Anvil.start();
                ScriptedModel model = ScriptedModel.start();
                ChainToolkit chain = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "${AGENT_PRIVATE_KEY}")), b -> {
                })) {
            model.thenToolCall("launch_token", "{\"name\":\"Agent Coin\",\"symbol\":\"AGC\",\"supply\":\"1000\"}")
                    .thenToolCall("transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.4\"}")
                    .thenToolCall("transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.7\"}")
                    .thenReply("Launched AGC and sent 0.4 ETH; the second payment was over my limit.");
            InMemoryJournal journal = new InMemoryJournal();
            StandardPolicy policy = StandardPolicy.builder()
                    .spendCap("ETH", new BigDecimal("1"), Duration.ofDays(1))
                    .spendCap("launch", BigDecimal.ONE, Duration.ofDays(1))
                    .journal(journal).build();
            TurnResult result;
            try (AgentRuntime runtime = AgentRuntime.builder().journal(journal).discoverPlugins(false).build()) {
                runtime.register(Agent.builder("launcher").persona(Persona.of("Launcher", "Launches tokens for its owner."))
                        .model(model.chatModel()).tools(chain.tools()).policy(policy).build());
                runtime.start();
                result = runtime.submit("launcher", Event.of("e1", "local", "alice", "c1", "launch a token and pay bob", Trust.OWNER))
                        .get(60, TimeUnit.SECONDS);
            }
            assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
            assertThat(result.toolCalls()).extracting(ToolCall::tool).containsExactly("launch_token", "transfer_native", "transfer_native");
            ToolCall launch = result.toolCalls().get(0);
            ToolCall paid = result.toolCalls().get(1);
            ToolCall denied = result.toolCalls().get(2);
            assertThat(launch.result()).contains("\"status\":\"success\"").contains("\"token\":\"0x");
            assertThat(paid.result()).contains("\"status\":\"success\"");
            assertThat(denied.decision()).isNotEqualTo(paid.decision());

            // independent checks: exactly one payment landed, the token exists
            assertThat(JsonRpc.balance(anvil.url(), to)).isEqualTo(new BigInteger("400000000000000000"));
            assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(2);
            String token = JsonRpc.parse(launch.result()).get("token").asString();
            assertThat(JsonRpc.tokenBalance(anvil.url(), token, Anvil.ADDRESS_0)).isEqualTo(new BigInteger("1000000000000000000000"));

            // the journal holds the checkpointed transactions, never the key
            EffectRecord payment = journal.effect(paid.idempotencyKey()).orElseThrow();
            assertThat(payment.status()).isEqualTo(EffectRecord.Status.DONE);
            assertThat(payment.details()).containsKeys("tx.hash", "tx.raw", "tx.nonce");
            assertThat(payment.details().toString().toLowerCase()).doesNotContain(Anvil.KEY_0.substring(2));
            assertThat(model.requests().toString().toLowerCase()).doesNotContain(Anvil.KEY_0.substring(2));
        }
    }
}
