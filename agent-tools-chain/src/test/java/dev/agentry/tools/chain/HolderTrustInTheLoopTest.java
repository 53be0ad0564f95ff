package dev.agentry.tools.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.ScriptedModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Token-gated trust in the real agent loop (scripted model through LangChain4j's client, real
 * {@link StandardPolicy}, Anvil), wired as the hook the runtime will call: the application resolves
 * each accepted event through the gate before submitting it, and the policy carries the gate's
 * {@code holder-recheck} rule. An unlinked user cannot pay out, a linked holder can, and a holder
 * who sold since the cached read is refused at the FUNDS call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolderTrustInTheLoopTest {
    private Anvil anvil;
    private ChainToolkit chain;
    private HolderGate gate;
    private String hold;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        chain = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), b -> {
        });
        hold = Markets.token(anvil.url(), Anvil.ADDRESS_1, "PlainToken", "HOLD", "1000000");
        gate = HolderGate.builder().chain(chain).rules(List.of(HoldingRule.erc20(hold, new BigDecimal("1000"), Trust.TRUSTED)))
                .cacheTtl(Duration.ofHours(1)).build();
    }

    @AfterAll
    void stop() {
        chain.close();
        anvil.close();
    }

    /** One turn for an event from {@code author}, resolved through the gate as the runtime hook would. */
    private List<ToolCall> turn(String author, Consumer<ScriptedModel> script, List<String> requests) throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).rule(gate.fundsRule())
                .journal(journal).build();
        try (ScriptedModel model = ScriptedModel.start();
                AgentRuntime runtime = AgentRuntime.builder().journal(journal).discoverPlugins(false).build()) {
            script.accept(model);
            model.thenReply("done");
            List<dev.agentry.core.Tool> tools = new ArrayList<>(chain.tools("transfer_native", "native_balance"));
            tools.addAll(gate.tools());
            runtime.register(Agent.builder("tipbot").persona(Persona.of("Tipbot", "Tips holders.")).model(model.chatModel()).tools(tools)
                    .policy(policy).build());
            runtime.start();
            Event accepted = gate.resolve(Event.of("e-" + System.nanoTime(), "x", author, "c-" + author, "tip me", Trust.UNTRUSTED));
            List<ToolCall> calls = runtime.submit("tipbot", accepted).get(60, TimeUnit.SECONDS).toolCalls();
            requests.addAll(model.requests());
            return calls;
        }
    }

    @Test
    void onlyALinkedHolderIsPaidAndOnlyWhileStillHolding() throws Exception {
        Wallet fan = Wallet.fromPrivateKey(Secret.of(org.web3j.utils.Numeric.toHexStringNoPrefix(new java.security.SecureRandom().generateSeed(32)), "fan"));
        Markets.send(anvil.url(), Anvil.ADDRESS_1, hold, BigInteger.ZERO, new Function("transfer", List.of(new Address(fan.address()),
                new Uint256(Markets.units("1000"))), List.of()));
        String tip = "{\"to\":\"" + fan.address() + "\",\"amount\":\"0.01\"}";

        // unlinked: untrusted, FUNDS not even offered; the link tools are
        List<String> requests = new ArrayList<>();
        List<ToolCall> unlinked = turn("fan", m -> m.thenToolCall("transfer_native", tip)
                .thenToolCall("link_wallet_challenge", "{\"address\":\"" + fan.address() + "\"}"), requests);
        assertThat(unlinked.get(0).decision()).isEqualTo(ToolCall.Decision.DENY);
        assertThat(unlinked.get(0).rule()).isEqualTo("trust");
        assertThat(requests.get(0)).contains("\"link_wallet\"").doesNotContain("\"transfer_native\"");
        assertThat(unlinked.get(1).outcome()).isEqualTo(ToolCall.Outcome.OK);
        String challenge = unlinked.get(1).result();
        assertThat(challenge).contains("wants you to sign in with your Ethereum account:\n" + fan.address());

        // the fan signs in their wallet and sends the signature; the model passes it on
        List<ToolCall> link = turn("fan", m -> m.thenToolCall("link_wallet", "{\"signature\":\"" + fan.signMessage(challenge) + "\"}"),
                new ArrayList<>());
        assertThat(link.get(0).result()).isEqualTo("{\"linked\":\"" + fan.address() + "\",\"trust\":\"TRUSTED\"}");

        // linked holder: trusted, paid
        List<ToolCall> paid = turn("fan", m -> m.thenToolCall("transfer_native", tip), new ArrayList<>());
        assertThat(paid.get(0).decision()).isEqualTo(ToolCall.Decision.ALLOW);
        assertThat(paid.get(0).outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(JsonRpc.balance(anvil.url(), fan.address())).isEqualTo(Markets.units("0.01"));

        // the fan sells the tokens; the cached trust still says holder, the FUNDS call reads again and is refused
        assertThat(TestContracts.succeeded(JsonRpc.send(anvil.url(), Anvil.ADDRESS_1, fan.address(), Markets.units("1"), "0x"))).isTrue();
        try (ChainToolkit fans = ChainToolkitTest.toolkit(anvil.url(), fan, b -> b.token("HOLD", hold))) {
            ChainToolkitTest.run(fans, "transfer_token", "{\"token\":\"HOLD\",\"to\":\"" + Anvil.ADDRESS_1 + "\",\"amount\":\"1000\"}");
        }
        BigInteger before = JsonRpc.balance(anvil.url(), fan.address());
        List<ToolCall> sold = turn("fan", m -> m.thenToolCall("transfer_native", tip), new ArrayList<>());
        assertThat(sold.get(0).decision()).isEqualTo(ToolCall.Decision.DENY);
        assertThat(sold.get(0).rule()).isEqualTo("holder-recheck");
        assertThat(sold.get(0).result()).contains("no longer earn TRUSTED");
        assertThat(JsonRpc.balance(anvil.url(), fan.address())).as("not paid again").isEqualTo(before);
    }
}
