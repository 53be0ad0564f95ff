package dev.agentry.tools.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.ScriptedModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * What the chain tools declare, judged by the real {@link StandardPolicy} in the real agent loop
 * (a scripted model through LangChain4j's client, Anvil): gas counts against the native-coin cap
 * (the worst case when deciding, the real fee once the receipt is in), and every address a launch
 * hands supply or fees to goes through the recipient allowlist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainPolicyTest {
    private static final Pattern SPENDING = Pattern.compile("spending ([0-9.]+) ETH would exceed the cap of 0\\.1 ");
    private Anvil anvil;
    private ChainToolkit chain;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        chain = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "${AGENT_PRIVATE_KEY}")), b -> {
        });
    }

    @AfterAll
    void stop() {
        chain.close();
        anvil.close();
    }

    /** Runs one owner turn of a fresh agent whose model makes the scripted calls, then replies. */
    private TurnResult turn(StandardPolicy policy, InMemoryJournal journal, Consumer<ScriptedModel> script) throws Exception {
        return turn(policy, journal, Trust.OWNER, script, new java.util.ArrayList<>());
    }

    private TurnResult turn(StandardPolicy policy, InMemoryJournal journal, Trust trust, Consumer<ScriptedModel> script,
            List<String> requests) throws Exception {
        try (ScriptedModel model = ScriptedModel.start();
                AgentRuntime runtime = AgentRuntime.builder().journal(journal).discoverPlugins(false).build()) {
            script.accept(model);
            model.thenReply("done");
            runtime.register(Agent.builder("payer").persona(Persona.of("Payer", "Pays for its owner.")).model(model.chatModel())
                    .tools(chain.tools()).policy(policy).build());
            runtime.start();
            TurnResult result = runtime.submit("payer", Event.of("e-" + System.nanoTime(), "local", "owner", "c1", "go", trust))
                    .get(60, TimeUnit.SECONDS);
            requests.addAll(model.requests());
            return result;
        }
    }

    @Test
    void signingToolsAreNeverOfferedToUntrustedAuthors() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        StandardPolicy policy = StandardPolicy.builder().journal(journal).build();
        List<String> requests = new java.util.ArrayList<>();
        TurnResult result = turn(policy, journal, Trust.UNTRUSTED, m -> m
                .thenToolCall("sign_message", "{\"message\":\"I authorize transfer of all assets to 0xdddd\"}")
                .thenToolCall("sign_typed_data", "{\"typed_data\":\"{}\"}"), requests);
        assertThat(result.toolCalls()).extracting(ToolCall::decision).containsOnly(ToolCall.Decision.DENY);
        assertThat(result.toolCalls()).extracting(ToolCall::rule).containsOnly("trust");
        assertThat(result.toolCalls()).extracting(ToolCall::result).allSatisfy(r -> assertThat(r).doesNotContain("signature"));
        // not even offered, while the read tools are (positive control of the offer list)
        assertThat(requests.get(0)).contains("\"native_balance\"").doesNotContain("\"sign_message\"").doesNotContain("\"sign_typed_data\"");
    }

    @Test
    void theNativeCapCountsTheWorstCaseFeeWhenDecidingAndTheRealFeeAfterwards() throws Exception {
        String to = ChainToolkitTest.freshAddress();
        String pay = "{\"to\":\"" + to + "\",\"amount\":\"0.1\"}";
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);

        // a cap that fits the value but not the value plus the worst-case fee
        InMemoryJournal tightJournal = new InMemoryJournal();
        StandardPolicy tight = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.1"), Duration.ofDays(1)).journal(tightJournal).build();
        ToolCall denied = turn(tight, tightJournal, m -> m.thenToolCall("transfer_native", pay)).toolCalls().get(0);
        assertThat(denied.decision()).isEqualTo(ToolCall.Decision.DENY);
        assertThat(denied.rule()).isEqualTo("spend-cap");
        Matcher m = SPENDING.matcher(denied.result());
        assertThat(m.find()).as(denied.result()).isTrue();
        BigDecimal declared = new BigDecimal(m.group(1));
        assertThat(declared).isGreaterThan(new BigDecimal("0.1")).isLessThan(new BigDecimal("0.1001"));
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
        assertThat(JsonRpc.balance(anvil.url(), to)).isZero();

        // positive control: a cap that fits both
        InMemoryJournal journal = new InMemoryJournal();
        StandardPolicy roomy = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.11"), Duration.ofDays(1)).journal(journal).build();
        ToolCall paid = turn(roomy, journal, m2 -> m2.thenToolCall("transfer_native", pay)).toolCalls().get(0);
        assertThat(paid.decision()).isEqualTo(ToolCall.Decision.ALLOW);
        assertThat(paid.outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(JsonRpc.balance(anvil.url(), to)).isEqualTo(new BigInteger("100000000000000000"));

        // the journal holds the real fee (gas used × effective gas price from the receipt), and the window counts it
        JsonNode receipt = JsonRpc.receipt(anvil.url(), JsonRpc.parse(paid.result()).get("txHash").asString());
        BigDecimal realFee = new BigDecimal(JsonRpc.quantity(receipt.get("gasUsed")).multiply(JsonRpc.quantity(receipt.get("effectiveGasPrice"))), 18)
                .stripTrailingZeros();
        EffectRecord record = journal.effect(paid.idempotencyKey()).orElseThrow();
        assertThat(record.status()).isEqualTo(EffectRecord.Status.DONE);
        assertThat(record.spends()).containsExactly(Spend.of("ETH", new BigDecimal("0.1"), to), Spend.of("ETH", realFee));
        assertThat(realFee).isPositive().isLessThan(declared.subtract(new BigDecimal("0.1")).add(new BigDecimal("0.000000001")));
        assertThat(roomy.spentWithinWindow("payer", "ETH")).isEqualByComparingTo(new BigDecimal("0.1").add(realFee));
    }

    @Test
    void launchOwnersAndBeneficiariesGoThroughTheRecipientAllowlist() throws Exception {
        String friend = ChainToolkitTest.freshAddress();
        String attacker = ChainToolkitTest.freshAddress();
        InMemoryJournal journal = new InMemoryJournal();
        StandardPolicy policy = StandardPolicy.builder().spendCap("launch", BigDecimal.TEN, Duration.ofDays(1))
                .spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).recipientAllowlist(List.of(friend)).journal(journal).build();
        String curve = "\"total_supply\":\"1000\",\"curve_supply\":\"800\",\"base_price\":\"0.001\",\"slope\":\"0.000001\"";
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        TurnResult result = turn(policy, journal, m -> m
                .thenToolCall("launch_token", "{\"name\":\"Gift\",\"symbol\":\"GFT\",\"supply\":\"1000\",\"owner\":\"" + attacker + "\"}")
                .thenToolCall("launch_token", "{\"name\":\"Gift\",\"symbol\":\"GFT\",\"supply\":\"1000\",\"owner\":\"" + friend + "\"}")
                .thenToolCall("launch_curve_token", "{\"name\":\"Fee\",\"symbol\":\"FEE\"," + curve + ",\"beneficiary\":\"" + attacker + "\"}")
                .thenToolCall("launch_curve_token", "{\"name\":\"Fee\",\"symbol\":\"FEE\"," + curve + ",\"beneficiary\":\"" + friend + "\"}")
                .thenToolCall("launch_token", "{\"name\":\"Own\",\"symbol\":\"OWN\",\"supply\":\"1\"}"));
        List<ToolCall> calls = result.toolCalls();
        assertThat(calls).extracting(ToolCall::decision).containsExactly(ToolCall.Decision.DENY, ToolCall.Decision.ALLOW,
                ToolCall.Decision.DENY, ToolCall.Decision.ALLOW, ToolCall.Decision.ALLOW);
        assertThat(calls.get(0).rule()).isEqualTo("recipient-allowlist");
        assertThat(calls.get(0).result()).contains("recipient " + attacker + " is not on the allowlist");
        assertThat(calls.get(2).rule()).isEqualTo("recipient-allowlist");
        assertThat(calls.get(2).result()).contains("recipient " + attacker + " is not on the allowlist");
        assertThat(calls.get(1).outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(calls.get(3).outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(calls.get(4).outcome()).as("the agent itself receives nothing from another: not a recipient").isEqualTo(ToolCall.Outcome.OK);

        // exactly the three allowed launches were sent; the friend holds the supply and collects the curve's fees
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce + 3);
        String token = JsonRpc.parse(calls.get(1).result()).get("token").asString();
        assertThat(JsonRpc.tokenBalance(anvil.url(), token, friend)).isEqualTo(new BigInteger("1000000000000000000000"));
        String feeCurve = JsonRpc.parse(calls.get(3).result()).get("curve").asString();
        assertThat(JsonRpc.ethCall(anvil.url(), Anvil.ADDRESS_0, feeCurve, org.web3j.crypto.Hash.sha3String("beneficiary()").substring(0, 10))).endsWith(friend.substring(2).toLowerCase());
    }
}
