package dev.agentry.tools.chain;

import static dev.agentry.tools.chain.ChainToolkitTest.runJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Secret;
import dev.agentry.testkit.Anvil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance run's flash-loan buyout, against a curve that graduates into a Uniswap V2 pair
 * ({@code FlashGraduate}: borrow, buy the rest of the curve, which seeds the pool, sell every token
 * bought into the pool, collect the fees as beneficiary, repay, in one transaction). The pool opens
 * at the curve's last price, so the tokens bought sell for less than they cost: with no money of
 * its own the attack cannot repay and reverts; with money of its own it loses some.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlashGraduationTest {
    private static final BigInteger LOAN = Markets.units("5");
    private Anvil anvil;
    private UniswapV2Addresses uniswap;
    private ChainToolkit victim;
    private String lender;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        uniswap = Markets.deploy(anvil.url());
        victim = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), b -> b.uniswapV2(uniswap));
        lender = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "FlashLender", LOAN, List.of());
    }

    @AfterAll
    void stop() {
        victim.close();
        anvil.close();
    }

    /** A curve whose fees go to the attacker (the worst case: it also collects its own buy's fee), and the victim's 0.6 ETH in it. */
    private String curveWithVictim(String attacker) throws Exception {
        String curve = runJson(victim, "launch_curve_token", """
                {"name":"Target","symbol":"TGT","total_supply":"1500","curve_supply":"800","base_price":"0.001","slope":"0.000001",
                 "fee_percent":"1","beneficiary":"%s"}""".formatted(attacker)).get("curve").asString();
        runJson(victim, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.6\"}");
        return curve;
    }

    private JsonNode attack(String attacker, String curve) {
        return TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, attacker, BigInteger.ZERO, "attack",
                List.of(new Address(curve), new Address(uniswap.router()), new Address(lender), new Uint256(LOAN)));
    }

    @Test
    void withoutMoneyOfItsOwnTheBuyoutCannotRepayAndChangesNothing() throws Exception {
        String attacker = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "FlashGraduate", BigInteger.ZERO, List.of());
        String curve = curveWithVictim(attacker);
        BigInteger reserve = TestContracts.uint(anvil.url(), curve, "reserve");
        BigInteger sold = TestContracts.uint(anvil.url(), curve, "sold");

        assertThat(TestContracts.succeeded(attack(attacker, curve))).isFalse();
        assertThat(runJson(victim, "curve_status", "{\"curve\":\"" + curve + "\"}").get("graduated").asBoolean()).isFalse();
        assertThat(TestContracts.uint(anvil.url(), curve, "reserve")).isEqualTo(reserve);
        assertThat(TestContracts.uint(anvil.url(), curve, "sold")).isEqualTo(sold);
        assertThat(JsonRpc.balance(anvil.url(), attacker)).isZero();
        assertThat(JsonRpc.balance(anvil.url(), lender)).isEqualTo(LOAN);
        // the victim still leaves through the curve with what it paid, less the fees
        String held = new BigDecimal(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0), 18).toPlainString();
        assertThat(runJson(victim, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"" + held + "\"}").get("status").asString())
                .isEqualTo("success");
    }

    @Test
    void withMoneyOfItsOwnTheBuyoutGraduatesTheCurveAndLosesMoney() throws Exception {
        BigInteger own = Markets.units("2");
        String attacker = TestContracts.deploy(anvil.url(), Anvil.ADDRESS_1, "FlashGraduate", BigInteger.ZERO, List.of());
        assertThat(TestContracts.succeeded(JsonRpc.send(anvil.url(), Anvil.ADDRESS_1, attacker, own, "0x"))).isTrue();
        String curve = curveWithVictim(attacker);
        BigInteger victimFees = TestContracts.uint(anvil.url(), curve, "feesOwed");

        JsonNode r = attack(attacker, curve);
        assertThat(TestContracts.succeeded(r)).as("positive control: the attack runs through when it can repay").isTrue();
        JsonNode status = runJson(victim, "curve_status", "{\"curve\":\"" + curve + "\"}");
        assertThat(status.get("tradesOnUniswap").asBoolean()).as("the attack did graduate the curve").isTrue();
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, attacker)).isZero();
        BigInteger after = JsonRpc.balance(anvil.url(), attacker);
        // even keeping every fee the curve owed it (its victims' and its own), it ends below what it had
        assertThat(after).isLessThan(own.add(victimFees));
        assertThat(JsonRpc.balance(anvil.url(), lender)).isEqualTo(LOAN);
        // and the victim's tokens trade on the pool the attack seeded
        String held = new BigDecimal(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0), 18).toPlainString();
        JsonNode exit = runJson(victim, "swap_exact_in", "{\"token_in\":\"" + curve + "\",\"token_out\":\"ETH\",\"amount_in\":\"" + held + "\"}");
        assertThat(exit.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0)).isZero();
    }
}
