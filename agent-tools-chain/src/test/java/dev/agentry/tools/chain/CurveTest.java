package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static dev.agentry.tools.chain.ChainToolkitTest.run;
import static dev.agentry.tools.chain.ChainToolkitTest.runJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Secret;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The bonding curve against Anvil: p(s) = 0.001 + 0.000001·s ETH per token, 800 of 1000 tokens on
 * the curve, no trade fee, so graduation needs exactly R(800) = 0.8 + 0.32 = 1.12 ETH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurveTest {
    private Anvil anvil;
    private ChainToolkit buyer;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        buyer = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), b -> {
        });
    }

    @AfterAll
    void stop() {
        buyer.close();
        anvil.close();
    }

    private String launch() throws Exception {
        JsonNode r = runJson(buyer, "launch_curve_token", """
                {"name":"Curve","symbol":"CRV1","total_supply":"1000","curve_supply":"800",
                 "base_price":"0.001","slope":"0.000001","fee_percent":"0","beneficiary":"%s"}""".formatted(Anvil.ADDRESS_2));
        assertThat(r.get("status").asString()).isEqualTo("success");
        return r.get("curve").asString();
    }

    private static BigInteger wei(String eth) {
        return new BigDecimal(eth).movePointRight(18).toBigIntegerExact();
    }

    @Test
    void buyThenSellReturnsNoMoreThanWasPaid() throws Exception {
        String curve = launch();
        JsonNode status = runJson(buyer, "curve_status", "{\"curve\":\"" + curve + "\"}");
        assertThat(status.get("fundsToGraduate").asString()).isEqualTo("1.12");
        assertThat(status.get("graduated").asBoolean()).isFalse();
        assertThat(status.get("priceNow").asString()).isEqualTo("0.001");

        JsonNode quote = runJson(buyer, "curve_quote", "{\"curve\":\"" + curve + "\",\"side\":\"buy\",\"amount\":\"0.1\"}");
        String tokens = quote.get("tokensOut").asString();
        BigInteger paid = wei(quote.get("pay").asString());
        assertThat(new BigDecimal(tokens)).isGreaterThan(new BigDecimal("90")).isLessThan(new BigDecimal("100"));
        assertThat(buyer.tools("curve_buy").get(0).spends(ToolArguments.parse("{\"curve\":\"" + curve + "\",\"amount\":\"0.1\",\"min_tokens_out\":\"1\"}"),
                new TestContext()).get(0)).isEqualTo(Spend.of("ETH", new BigDecimal("0.1"), curve));

        BigInteger curveBefore = JsonRpc.balance(anvil.url(), curve);
        JsonNode buy = runJson(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.1\",\"min_tokens_out\":\"" + tokens + "\"}");
        assertThat(buy.get("status").asString()).isEqualTo("success");
        BigInteger held = JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0);
        assertThat(held).isEqualTo(wei(tokens));
        assertThat(JsonRpc.balance(anvil.url(), curve).subtract(curveBefore)).isEqualTo(paid);

        JsonNode sellQuote = runJson(buyer, "curve_quote", "{\"curve\":\"" + curve + "\",\"side\":\"sell\",\"amount\":\"" + tokens + "\"}");
        BigInteger back = wei(sellQuote.get("receive").asString());
        assertThat(back).isLessThanOrEqualTo(paid);
        JsonNode sell = runJson(buyer, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"" + tokens + "\",\"min_eth_out\":\"" + sellQuote.get("receive").asString() + "\"}");
        assertThat(sell.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0)).isZero();
        assertThat(JsonRpc.balance(anvil.url(), curve).subtract(curveBefore)).isEqualTo(paid.subtract(back)).isGreaterThanOrEqualTo(BigInteger.ZERO);
        assertThat(runJson(buyer, "curve_status", "{\"curve\":\"" + curve + "\"}").get("supplySold").asString()).isEqualTo("0");
    }

    @Test
    void slippageLimitsAreEnforced() throws Exception {
        String curve = launch();
        assertThatThrownBy(() -> run(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.1\",\"min_tokens_out\":\"500\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("reverted: SlippageExceeded(amountOut=")
                .hasMessageContaining("minimumOut=500000000000000000000");
        // no minimum given: a fresh quote less 1% slippage
        JsonNode bought = runJson(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.05\"}");
        assertThat(bought.get("status").asString()).isEqualTo("success");
        assertThat(new BigDecimal(bought.get("minTokensOut").asString())).isGreaterThan(new BigDecimal("45"));
        assertThatThrownBy(() -> run(buyer, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"10\",\"min_eth_out\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("SlippageExceeded");
        assertThatThrownBy(() -> run(buyer, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"900\",\"min_eth_out\":\"0.000001\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("ExceedsSold(tokensIn=900000000000000000000");
        assertThatThrownBy(() -> run(buyer, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"900\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("selling 900 tokens pays nothing now");
        // a zero minimum accepts any price: refused before anything is read or sent
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        assertThatThrownBy(() -> run(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.05\",\"min_tokens_out\":\"0\"}"))
                .isInstanceOf(ToolException.class).hasMessage("argument 'min_tokens_out' must be greater than zero: 0 accepts any price, "
                        + "which a sandwich exploits; omit it to use a fresh quote less 1% slippage");
        assertThatThrownBy(() -> run(buyer, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"1\",\"min_eth_out\":\"0\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("argument 'min_eth_out' must be greater than zero");
        assertThatThrownBy(() -> buyer.tools("curve_buy").get(0).spends(ToolArguments.parse(
                "{\"curve\":\"" + curve + "\",\"amount\":\"0.05\",\"min_tokens_out\":\"0.0\"}"), new TestContext()))
                .isInstanceOf(ToolException.class).hasMessageContaining("must be greater than zero");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
    }

    @Test
    void graduationPaysNobodyAndHoldersKeepAWayOut() throws Exception {
        String curve = launch();
        BigInteger beneficiaryBefore = JsonRpc.balance(anvil.url(), Anvil.ADDRESS_2);
        // one wei short of graduation: still open
        runJson(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"1.119999999999999999\"}");
        JsonNode open = runJson(buyer, "curve_status", "{\"curve\":\"" + curve + "\"}");
        assertThat(open.get("graduated").asBoolean()).isFalse();
        String toGo = open.get("fundsToGraduate").asString();
        assertThat(new BigDecimal(toGo)).isPositive();
        // pay more than needed: exactly the threshold is taken, the rest refunded, the curve graduates
        BigInteger buyerBefore = JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0);
        JsonNode last = runJson(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.5\"}");
        JsonNode receipt = JsonRpc.receipt(anvil.url(), last.get("txHash").asString());
        BigInteger fee = JsonRpc.quantity(receipt.get("gasUsed")).multiply(JsonRpc.quantity(receipt.get("effectiveGasPrice")));
        assertThat(buyerBefore.subtract(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0)).subtract(fee)).isEqualTo(wei(toGo));

        JsonNode done = runJson(buyer, "curve_status", "{\"curve\":\"" + curve + "\"}");
        assertThat(done.get("graduated").asBoolean()).isTrue();
        assertThat(done.get("supplySold").asString()).isEqualTo("800");
        // nobody was paid: the reserve stays in the curve, and reserve() says so; the rest of the supply stays locked
        assertThat(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_2)).isEqualTo(beneficiaryBefore);
        assertThat(JsonRpc.balance(anvil.url(), curve)).isEqualTo(wei("1.12"));
        assertThat(done.get("fundsRaised").asString()).isEqualTo("1.12");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_2)).isZero();
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, curve)).isEqualTo(wei("200"));
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0)).isEqualTo(wei("800"));
        assertThatThrownBy(() -> run(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.1\",\"min_tokens_out\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("reverted: SoldOut()");
        assertThatThrownBy(() -> run(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("the curve is sold out");

        // holders sell back against the reserve after graduation: R(800) - R(700) = 1.12 - 0.945
        JsonNode sold = runJson(buyer, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"100\"}");
        assertThat(sold.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.balance(anvil.url(), curve)).isEqualTo(wei("0.945"));
        assertThat(runJson(buyer, "curve_status", "{\"curve\":\"" + curve + "\"}").get("fundsRaised").asString()).isEqualTo("0.945");
        // and the freed supply can be bought again
        assertThat(runJson(buyer, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.01\"}").get("status").asString())
                .isEqualTo("success");
        // every holder can leave: selling all that is held empties the reserve to the wei
        String held = new BigDecimal(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0), 18).toPlainString();
        runJson(buyer, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"" + held + "\"}");
        assertThat(JsonRpc.balance(anvil.url(), curve)).isZero();
    }

    @Test
    void anExactOutBuyGetsExactlyTheTokensForAtMostItsMaximumCost() throws Exception {
        String curve = launch();
        // R(100) = 100 * (0.001 + 0.000001 * 50) = 0.105 ETH, no fee
        JsonNode quote = runJson(buyer, "curve_quote", "{\"curve\":\"" + curve + "\",\"side\":\"buy_exact\",\"amount\":\"100\"}");
        assertThat(quote.get("pay").asString()).isEqualTo("0.105");
        assertThat(buyer.tools("curve_buy_exact").get(0).spends(ToolArguments.parse("{\"curve\":\"" + curve + "\",\"tokens\":\"100\"}"),
                new TestContext()).get(0)).isEqualTo(Spend.of("ETH", new BigDecimal("0.10605"), curve));
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        assertThatThrownBy(() -> run(buyer, "curve_buy_exact", "{\"curve\":\"" + curve + "\",\"tokens\":\"100\",\"max_cost\":\"0.1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("reverted: CostExceeded(cost=105000000000000000, value=100000000000000000)");
        assertThatThrownBy(() -> run(buyer, "curve_buy_exact", "{\"curve\":\"" + curve + "\",\"tokens\":\"801\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("the curve cannot sell 801 tokens now");
        assertThatThrownBy(() -> run(buyer, "curve_buy_exact", "{\"curve\":\"" + curve + "\",\"tokens\":\"1\",\"max_cost\":\"0\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("argument 'max_cost' must be greater than zero");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
        // positive control: a maximum above the cost buys exactly 100 and pays exactly 0.105, the rest refunded
        BigInteger before = JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0);
        JsonNode r = runJson(buyer, "curve_buy_exact", "{\"curve\":\"" + curve + "\",\"tokens\":\"100\",\"max_cost\":\"0.2\"}");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0)).isEqualTo(wei("100"));
        assertThat(before.subtract(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0))).isEqualTo(wei("0.105").add(wei(r.get("gasFee").asString())));
        assertThat(JsonRpc.balance(anvil.url(), curve)).isEqualTo(wei("0.105"));
    }

    @Test
    void launchArgumentsAreValidated() {
        assertThatThrownBy(() -> run(buyer, "launch_curve_token", """
                {"name":"C","symbol":"C","total_supply":"100","curve_supply":"200","base_price":"0.001","slope":"0"}"""))
                .isInstanceOf(ToolException.class).hasMessageContaining("must not exceed 'total_supply'");
        // degenerate curves: free first tokens, a price so low a few wei buy everything, less than a token on the curve
        assertThatThrownBy(() -> run(buyer, "launch_curve_token", """
                {"name":"C","symbol":"C","total_supply":"100","curve_supply":"50","base_price":"0","slope":"0.001"}"""))
                .isInstanceOf(ToolException.class).hasMessage("argument 'base_price' must be greater than zero");
        assertThatThrownBy(() -> run(buyer, "launch_curve_token", """
                {"name":"C","symbol":"C","total_supply":"100","curve_supply":"50","base_price":"0.000000000000000001","slope":"0"}"""))
                .isInstanceOf(ToolException.class).hasMessageContaining("argument 'base_price' must be at least 0.000000000001 ETH");
        assertThatThrownBy(() -> run(buyer, "launch_curve_token", """
                {"name":"C","symbol":"C","total_supply":"100","curve_supply":"0.5","base_price":"0.001","slope":"0"}"""))
                .isInstanceOf(ToolException.class).hasMessageContaining("argument 'curve_supply' must be at least 1 whole token");
        assertThatThrownBy(() -> run(buyer, "launch_curve_token", """
                {"name":"C","symbol":"C","total_supply":"100","curve_supply":"50","base_price":"0.001","slope":"0","fee_percent":"5.5"}"""))
                .isInstanceOf(ToolException.class).hasMessageContaining("argument 'fee_percent' must be between 0 and 5");
        // out of the contract's safe range: decoded custom error from the simulated deployment
        assertThatThrownBy(() -> run(buyer, "launch_curve_token", """
                {"name":"C","symbol":"C","total_supply":"100","curve_supply":"50","base_price":"2","slope":"0"}"""))
                .isInstanceOf(ToolException.class).hasMessageContaining("reverted: InvalidCurve(");
    }
}
