package dev.agentry.tools.chain;

import static dev.agentry.tools.chain.ChainToolkitTest.runJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Secret;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.testkit.Anvil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.JsonNode;

/**
 * Curve trades without a minimum from the model: the tool derives it from a fresh quote less the
 * configured slippage, and the contract enforces it and a deadline. A sandwich's front-run lands
 * between the quote (when the call's spends are declared) and the trade, as it would in a block.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurveTradeGuardsTest {
    private static final Uint256 FAR_DEADLINE = new Uint256(BigInteger.valueOf(4_000_000_000L));
    private Anvil anvil;
    private ChainToolkit agent;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        agent = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), b -> {
        });
    }

    @AfterAll
    void stop() {
        agent.close();
        anvil.close();
    }

    private String launch() throws Exception {
        return runJson(agent, "launch_curve_token", """
                {"name":"Sandwich","symbol":"SND","total_supply":"1000","curve_supply":"800","base_price":"0.001","slope":"0.000001",
                 "fee_percent":"0"}""").get("curve").asString();
    }

    /** The attacker's front-run: a buy of {@code eth} straight on the curve from another account. */
    private void frontRun(String curve, String eth) {
        JsonNode r = TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, curve, new BigDecimal(eth).movePointRight(18).toBigIntegerExact(),
                "buy", List.of(new Uint256(BigInteger.ONE), FAR_DEADLINE));
        assertThat(TestContracts.succeeded(r)).as("front-run").isTrue();
    }

    @Test
    void aPriceMoveBeyondTheSlippageRevertsTheTradeWithAClearError() throws Exception {
        String curve = launch();
        Tool buy = agent.tools("curve_buy").get(0);
        ToolArguments args = ToolArguments.parse("{\"curve\":\"" + curve + "\",\"amount\":\"0.1\"}");
        TestContext ctx = new TestContext();
        List<Spend> declared = buy.spends(args, ctx);   // quotes now: minimum = quote less 1%
        assertThat(declared.get(0)).isEqualTo(Spend.of("ETH", new BigDecimal("0.1"), curve));
        frontRun(curve, "0.3");                          // moves the price about 20%
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);

        assertThatThrownBy(() -> buy.execute(args, ctx)).isInstanceOf(ToolException.class)
                .hasMessageContaining("was mined but reverted on chain: reverted: SlippageExceeded(amountOut=")
                .hasMessageContaining("nothing changed except the fee of");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0)).isZero();
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce + 1);
        // only the fee moved, and that is what the call settles
        assertThat(ctx.settled).hasSize(1);
        assertThat(ctx.settled.get(0).asset()).isEqualTo("ETH");
        assertThat(ctx.settled.get(0).recipient()).isEmpty();
        assertThat(ctx.settled.get(0).amount()).isPositive().isLessThan(new BigDecimal("0.01"));
    }

    @Test
    void aPriceMoveWithinTheSlippageLetsTheTradeThrough() throws Exception {
        String curve = launch();
        BigInteger unmoved = new BigDecimal(runJson(agent, "curve_quote", "{\"curve\":\"" + curve + "\",\"side\":\"buy\",\"amount\":\"0.1\"}")
                .get("tokensOut").asString()).movePointRight(18).toBigIntegerExact();
        Tool buy = agent.tools("curve_buy").get(0);
        ToolArguments args = ToolArguments.parse("{\"curve\":\"" + curve + "\",\"amount\":\"0.1\"}");
        TestContext ctx = new TestContext();
        buy.spends(args, ctx);
        frontRun(curve, "0.0001");                       // moves the price about 0.01%
        JsonNode r = JsonRpc.parse(buy.execute(args, ctx));
        assertThat(r.get("status").asString()).isEqualTo("success");
        BigInteger got = JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0);
        BigInteger minimum = new BigDecimal(r.get("minTokensOut").asString()).movePointRight(18).toBigIntegerExact();
        assertThat(minimum).isEqualTo(new BigDecimal(unmoved).multiply(new BigDecimal("0.99")).toBigInteger());
        assertThat(got).isGreaterThanOrEqualTo(minimum).isLessThan(unmoved);
    }

    @Test
    void aTradePastItsDeadlineIsRefusedOnChain() throws Exception {
        String curve = launch();
        try (ChainToolkit quick = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_2, "k2")),
                b -> b.tradeDeadline(Duration.ofSeconds(10)))) {
            Tool buy = quick.tools("curve_buy").get(0);
            ToolArguments args = ToolArguments.parse("{\"curve\":\"" + curve + "\",\"amount\":\"0.01\"}");
            // positive control: within its deadline the trade goes through
            assertThat(JsonRpc.parse(buy.execute(args, new TestContext())).get("status").asString()).isEqualTo("success");
            BigInteger held = JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_2);
            assertThat(held).isPositive();

            TestContext ctx = new TestContext();
            buy.spends(args, ctx);
            JsonRpc.call(anvil.url(), "evm_increaseTime", 60);   // the trade waited a minute to be mined
            assertThatThrownBy(() -> buy.execute(args, ctx)).isInstanceOf(ToolException.class)
                    .hasMessageContaining("was mined but reverted on chain: reverted: DeadlineExpired(deadline=");
            assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_2)).isEqualTo(held);
        }
    }
}
