package dev.agentry.tools.chain;

import static dev.agentry.tools.chain.ChainToolkitTest.run;
import static dev.agentry.tools.chain.ChainToolkitTest.runJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Secret;
import dev.agentry.core.ToolException;
import dev.agentry.testkit.Anvil;
import dev.agentry.tools.chain.internal.Reverts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.JsonNode;

/**
 * The launch contract's hardening (issue #11) against Anvil: exact supply for any payment,
 * degenerate buys refused clearly, stray ether and tokens, fees paid by pull, and a flash-loan
 * buyout that gains its buyer nothing. Attackers and stray-value senders are compiled test
 * contracts ({@code src/test/solidity}); independent reads use plain JSON-RPC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurveSafetyTest {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
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

    private String launch(String basePrice, String slope, String curveSupply, String feePercent, String beneficiary) throws Exception {
        String ben = beneficiary == null ? "" : ",\"beneficiary\":\"" + beneficiary + "\"";
        JsonNode r = runJson(agent, "launch_curve_token", """
                {"name":"Safe","symbol":"SAFE","total_supply":"%s","curve_supply":"%s","base_price":"%s","slope":"%s","fee_percent":"%s"%s}"""
                .formatted(curveSupply, curveSupply, basePrice, slope, feePercent, ben));
        assertThat(r.get("status").asString()).isEqualTo("success");
        return r.get("curve").asString();
    }

    private BigInteger view(String curve, String function, Type... args) {
        return TestContracts.uint(anvil.url(), curve, function, args);
    }

    private static BigInteger wei(String eth) {
        return new BigDecimal(eth).movePointRight(18).toBigIntegerExact();
    }

    /** For random payments, a buy gets the largest supply s with R(s) <= payment: R(s + 1) is more. */
    @Test
    void aBuyGetsTheLargestAffordableSupply() throws Exception {
        String sloped = launch("0.000001", "0.000000001", "1000000", "0", null);
        String flat = launch("0.001", "0", "1000", "0", null);
        Random random = new Random(11);
        for (String curve : List.of(sloped, flat)) {
            BigInteger all = view(curve, "reserveAt", new Uint256(view(curve, "curveSupply")));
            for (int i = 0; i < 40; i++) {
                BigInteger funds = i == 0 ? BigInteger.ONE : new BigInteger(random.nextInt(all.bitLength() + 2) + 1, random);
                BigInteger s = view(curve, "quoteBuy", new Uint256(funds));
                assertThat(view(curve, "reserveAt", new Uint256(s))).as("R(%s) for %s wei on %s", s, funds, curve).isLessThanOrEqualTo(funds);
                if (funds.compareTo(all) < 0) {
                    assertThat(view(curve, "reserveAt", new Uint256(s.add(BigInteger.ONE)))).as("R(s+1) for %s wei", funds).isGreaterThan(funds);
                } else {
                    assertThat(s).isEqualTo(view(curve, "curveSupply"));
                }
            }
        }
        // on the flat curve R(s) = floor(s / 1000): one wei buys 1999 base units, not 1000 (the floor of the real root)
        JsonNode quote = runJson(agent, "curve_quote", "{\"curve\":\"" + flat + "\",\"side\":\"buy\",\"amount\":\"0.000000000000000001\"}");
        assertThat(quote.get("tokensOut").asString()).isEqualTo("0.000000000000001999");
        assertThat(quote.get("pay").asString()).isEqualTo("0.000000000000000001");
        // and a one-wei buy goes through instead of reverting
        JsonNode tiny = runJson(agent, "curve_buy", "{\"curve\":\"" + flat + "\",\"amount\":\"0.000000000000000001\"}");
        assertThat(tiny.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.tokenBalance(anvil.url(), flat, Anvil.ADDRESS_0)).isEqualTo(BigInteger.valueOf(1999));
    }

    @Test
    void aBuyTooSmallForOneUnitIsAClearError() throws Exception {
        // 1 ETH per token plus 1 ETH per token sold: after one token a unit costs 2 wei
        String curve = launch("1", "1", "10", "0", null);
        runJson(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"1.5\",\"min_tokens_out\":\"1\"}");
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        assertThatThrownBy(() -> run(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.000000000000000001\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("does not pay for the smallest unit");
        assertThatThrownBy(() -> run(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.000000000000000001\","
                + "\"min_tokens_out\":\"0.000000000000000001\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("simulation failed, nothing was sent: reverted: BuyTooSmall(value=1)");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
        // positive control: two wei buy one unit
        assertThat(runJson(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.000000000000000002\"}").get("status").asString())
                .isEqualTo("success");
    }

    @Test
    void strayEtherAndTokensLeaveTheReserveAlone() throws Exception {
        String curve = launch("0.001", "0.000001", "800", "0", null);
        runJson(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.2\"}");
        BigInteger reserve = view(curve, "reserve");
        assertThat(JsonRpc.balance(anvil.url(), curve)).isEqualTo(reserve);
        String quoteBefore = runJson(agent, "curve_quote", "{\"curve\":\"" + curve + "\",\"side\":\"buy\",\"amount\":\"0.1\"}").toString();

        // ether forced in by selfdestruct: not reserve, no price change, anyone can skim it (not the launcher's)
        TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "ForceSend", ETH, List.of(new Address(curve)));
        assertThat(JsonRpc.balance(anvil.url(), curve)).isEqualTo(reserve.add(ETH));
        assertThat(view(curve, "reserve")).isEqualTo(reserve);
        assertThat(view(curve, "surplus")).isEqualTo(ETH);
        assertThat(runJson(agent, "curve_quote", "{\"curve\":\"" + curve + "\",\"side\":\"buy\",\"amount\":\"0.1\"}").toString()).isEqualTo(quoteBefore);
        String finder = ChainToolkitTest.freshAddress();
        assertThat(TestContracts.succeeded(TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, curve, BigInteger.ZERO, "skim",
                List.of(new Address(finder))))).isTrue();
        assertThat(JsonRpc.balance(anvil.url(), finder)).isEqualTo(ETH);
        assertThat(JsonRpc.balance(anvil.url(), curve)).isEqualTo(reserve);
        assertThat(TestContracts.succeeded(TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, curve, BigInteger.ZERO, "skim",
                List.of(new Address(finder))))).as("nothing left to skim: the reserve is never skimmed").isFalse();

        // tokens sent straight to the curve are refused, so none can be stuck there
        BigInteger held = JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0);
        assertThat(TestContracts.succeeded(TestContracts.transact(anvil.url(), Anvil.ADDRESS_0, curve, BigInteger.ZERO, "transfer",
                List.of(new Address(curve), new Uint256(BigInteger.ONE))))).isFalse();
        String transfer = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("transfer",
                List.of(new Address(curve), new Uint256(BigInteger.ONE)), List.of()));
        assertThatThrownBy(() -> JsonRpc.ethCall(anvil.url(), Anvil.ADDRESS_0, curve, transfer))
                .hasMessageContaining(org.web3j.crypto.Hash.sha3String("DirectTransferRefused()").substring(0, 10));
        assertThat(Reverts.decode(org.web3j.crypto.Hash.sha3String("DirectTransferRefused()").substring(0, 10))).isEqualTo("DirectTransferRefused()");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0)).isEqualTo(held);

        // the holder still leaves with every wei of the reserve
        runJson(agent, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"" + new BigDecimal(held, 18).toPlainString() + "\"}");
        assertThat(JsonRpc.balance(anvil.url(), curve)).isZero();
        assertThat(view(curve, "reserve")).isZero();
    }

    @Test
    void feesArePaidByPullSoARevertingBeneficiaryBlocksNothing() throws Exception {
        String refuser = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "RevertingReceiver", BigInteger.ZERO, List.of());
        String blocked = launch("0.001", "0.000001", "800", "1", refuser);
        JsonNode quote = runJson(agent, "curve_quote", "{\"curve\":\"" + blocked + "\",\"side\":\"buy\",\"amount\":\"0.1\"}");
        runJson(agent, "curve_buy", "{\"curve\":\"" + blocked + "\",\"amount\":\"0.1\"}");
        BigInteger owed = view(blocked, "feesOwed");
        assertThat(owed).isEqualTo(wei(quote.get("tradeFee").asString())).isPositive();
        // the payout fails, only the payout: trading goes on and the credit stays
        assertThat(TestContracts.succeeded(TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, blocked, BigInteger.ZERO, "withdrawFees",
                List.of()))).isFalse();
        assertThat(runJson(agent, "curve_sell", "{\"curve\":\"" + blocked + "\",\"amount\":\"10\"}").get("status").asString()).isEqualTo("success");
        assertThat(runJson(agent, "curve_buy", "{\"curve\":\"" + blocked + "\",\"amount\":\"0.01\"}").get("status").asString()).isEqualTo("success");
        assertThat(view(blocked, "feesOwed")).isGreaterThan(owed);
        assertThat(JsonRpc.balance(anvil.url(), blocked)).isEqualTo(view(blocked, "reserve").add(view(blocked, "feesOwed")));
        assertThatThrownBy(() -> run(agent, "curve_withdraw_fees", "{\"curve\":\"" + blocked + "\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("this wallet is not the beneficiary of curve");

        // positive control: the agent as beneficiary pulls exactly what it is owed
        String own = launch("0.001", "0.000001", "800", "1", null);
        runJson(agent, "curve_buy", "{\"curve\":\"" + own + "\",\"amount\":\"0.3\"}");
        runJson(agent, "curve_sell", "{\"curve\":\"" + own + "\",\"amount\":\"50\"}");
        BigInteger due = view(own, "feesOwed");
        BigInteger before = JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0);
        JsonNode pulled = runJson(agent, "curve_withdraw_fees", "{\"curve\":\"" + own + "\"}");
        assertThat(pulled.get("withdrawn").asString()).isEqualTo(new BigDecimal(due, 18).stripTrailingZeros().toPlainString());
        assertThat(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(before.add(due).subtract(wei(pulled.get("gasFee").asString())));
        assertThat(view(own, "feesOwed")).isZero();
        assertThat(JsonRpc.balance(anvil.url(), own)).isEqualTo(view(own, "reserve"));
        assertThatThrownBy(() -> run(agent, "curve_withdraw_fees", "{\"curve\":\"" + own + "\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("owes no fees now");
    }

    /** The acceptance run's attack: borrow, buy the curve out, sell back, repay, in one transaction. */
    @Test
    void aFlashLoanBuyoutGainsItsBuyerNothing() throws Exception {
        // no fee, the attacker is the beneficiary (the old graduation paid it the whole reserve)
        String attacker = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "FlashBuyout", BigInteger.ZERO, List.of());
        String lender = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "FlashLender", ETH.multiply(BigInteger.valueOf(5)), List.of());
        String curve = launch("0.001", "0.000001", "800", "0", attacker);
        BigInteger victim0 = JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0);
        JsonNode bought = runJson(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.6\"}");
        BigInteger paid = view(curve, "reserve");
        BigInteger sold = view(curve, "sold");

        JsonNode attack = TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, attacker, BigInteger.ZERO, "attack",
                List.of(new Address(curve), new Address(lender), new Uint256(ETH)));
        assertThat(TestContracts.succeeded(attack)).isTrue();
        assertThat(runJson(agent, "curve_status", "{\"curve\":\"" + curve + "\"}").get("graduated").asBoolean())
                .as("the attack did buy the curve out").isTrue();
        assertThat(JsonRpc.balance(anvil.url(), attacker)).as("attacker's ether after repaying").isZero();
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, attacker)).isZero();
        assertThat(JsonRpc.balance(anvil.url(), lender)).isEqualTo(ETH.multiply(BigInteger.valueOf(5)));
        assertThat(view(curve, "reserve")).isEqualTo(paid);
        assertThat(view(curve, "sold")).isEqualTo(sold);
        // the victim leaves with exactly what it paid
        String held = new BigDecimal(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0), 18).toPlainString();
        JsonNode exit = runJson(agent, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"" + held + "\"}");
        assertThat(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0))
                .isEqualTo(victim0.subtract(wei(bought.get("gasFee").asString())).subtract(wei(exit.get("gasFee").asString())));
        assertThat(JsonRpc.balance(anvil.url(), curve)).isZero();

        // with a 1% fee and the attacker as beneficiary, it ends with the victims' fees it was owed anyway, nothing more
        String attacker2 = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "FlashBuyout", BigInteger.ZERO, List.of());
        String feeCurve = launch("0.001", "0.000001", "800", "1", attacker2);
        runJson(agent, "curve_buy", "{\"curve\":\"" + feeCurve + "\",\"amount\":\"0.6\"}");
        BigInteger victimFees = view(feeCurve, "feesOwed");
        BigInteger reserve2 = view(feeCurve, "reserve");
        assertThat(TestContracts.succeeded(TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, attacker2, BigInteger.ZERO, "attack",
                List.of(new Address(feeCurve), new Address(lender), new Uint256(ETH))))).isTrue();
        assertThat(JsonRpc.balance(anvil.url(), attacker2)).isEqualTo(victimFees);
        assertThat(view(feeCurve, "reserve")).isEqualTo(reserve2);

        // an outsider cannot even repay the loan: the fees of its own round trip are lost, so the attack reverts
        String outsider = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "FlashBuyout", BigInteger.ZERO, List.of());
        JsonNode failed = TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, outsider, BigInteger.ZERO, "attack",
                List.of(new Address(feeCurve), new Address(lender), new Uint256(ETH)));
        assertThat(TestContracts.succeeded(failed)).isFalse();
        assertThat(view(feeCurve, "reserve")).isEqualTo(reserve2);
        assertThat(JsonRpc.balance(anvil.url(), lender)).isEqualTo(ETH.multiply(BigInteger.valueOf(5)));
    }
}
