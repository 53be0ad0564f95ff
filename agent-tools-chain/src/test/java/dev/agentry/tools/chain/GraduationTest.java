package dev.agentry.tools.chain;

import static dev.agentry.tools.chain.ChainToolkitTest.run;
import static dev.agentry.tools.chain.ChainToolkitTest.runJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Secret;
import dev.agentry.core.ToolException;
import dev.agentry.testkit.Anvil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.JsonNode;

/**
 * Launch → buys → graduation into a real Uniswap V2 pair → swaps on the pair, on Anvil with
 * Uniswap deployed from the npm artifacts. The curve: p(s) = 0.001 + 0.000001·s ETH, 800 tokens on
 * the curve, so graduation raises R(800) = 1.12 ETH and the pool opens at p(800) = 0.0018 ETH with
 * ceil(1.12 / 0.0018) = 622.2…3 tokens; of the 1500 supply the other 77.7… are burned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraduationTest {
    private Anvil anvil;
    private UniswapV2Addresses uniswap;
    private ChainToolkit agent;
    private ChainToolkit holder;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        uniswap = Markets.deploy(anvil.url());
        agent = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), b -> b.uniswapV2(uniswap));
        holder = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_1, "k1")), b -> b.uniswapV2(uniswap));
    }

    @AfterAll
    void stop() {
        agent.close();
        holder.close();
        anvil.close();
    }

    private String launch(String total) throws Exception {
        JsonNode r = runJson(agent, "launch_curve_token", """
                {"name":"Graduate","symbol":"GRAD","total_supply":"%s","curve_supply":"800","base_price":"0.001","slope":"0.000001",
                 "fee_percent":"1","beneficiary":"%s"}""".formatted(total, Anvil.ADDRESS_2));
        assertThat(r.get("status").asString()).isEqualTo("success");
        assertThat(r.get("graduatesInto").asString()).startsWith("a Uniswap V2 pool");
        return r.get("curve").asString();
    }

    private BigInteger view(String contract, String function, org.web3j.abi.datatypes.Type<?>... args) {
        return TestContracts.uint(anvil.url(), contract, function, args);
    }

    @Test
    void launchBuysGraduationAndSwapsOnThePair() throws Exception {
        String curve = launch("1500");
        String pair = Markets.pair(anvil.url(), uniswap, curve, uniswap.weth());
        assertThat(runJson(agent, "curve_status", "{\"curve\":\"" + curve + "\"}").get("uniswapPair").asString()).isEqualTo(pair);
        BigInteger beneficiaryEth = JsonRpc.balance(anvil.url(), Anvil.ADDRESS_2);

        runJson(holder, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.4\"}");
        runJson(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.2\"}");
        // nobody can open the pool at a price of their own before graduation: tokens cannot reach the pair
        assertThat(TestContracts.succeeded(TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, curve, BigInteger.ZERO, "transfer",
                List.of(new Address(pair), new Uint256(BigInteger.ONE))))).isFalse();
        // while WETH donated and synced into the empty pair only deepens the pool later
        Markets.send(anvil.url(), Anvil.DEV_ADDRESSES.get(3), uniswap.weth(), Markets.units("0.01"), new Function("deposit", List.of(), List.of()));
        Markets.send(anvil.url(), Anvil.DEV_ADDRESSES.get(3), uniswap.weth(), BigInteger.ZERO,
                new Function("transfer", List.of(new Address(pair), new Uint256(Markets.units("0.01"))), List.of()));
        Markets.send(anvil.url(), Anvil.DEV_ADDRESSES.get(3), pair, BigInteger.ZERO, new Function("sync", List.of(), List.of()));

        // the holder buys exactly what is left, which graduates the curve
        JsonNode status = runJson(agent, "curve_status", "{\"curve\":\"" + curve + "\"}");
        String left = new BigDecimal(status.get("curveSupply").asString()).subtract(new BigDecimal(status.get("supplySold").asString())).toPlainString();
        JsonNode quote = runJson(holder, "curve_quote", "{\"curve\":\"" + curve + "\",\"side\":\"buy_exact\",\"amount\":\"" + left + "\"}");
        BigInteger holderTokens = JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_1);
        JsonNode last = runJson(holder, "curve_buy_exact", "{\"curve\":\"" + curve + "\",\"tokens\":\"" + left + "\"}");
        assertThat(last.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_1)).isEqualTo(holderTokens.add(Markets.units(left)));
        assertThat(new BigDecimal(last.get("maxCost").asString())).isGreaterThan(new BigDecimal(quote.get("pay").asString()));

        JsonNode done = runJson(agent, "curve_status", "{\"curve\":\"" + curve + "\"}");
        assertThat(done.get("graduated").asBoolean()).isTrue();
        assertThat(done.get("tradesOnUniswap").asBoolean()).isTrue();
        assertThat(done.get("fundsRaised").asString()).isEqualTo("0");
        // the pool holds the whole reserve (plus the donation) and the pool tokens; the rest of the supply is burned
        BigInteger poolTokens = view(curve, "poolTokens");
        assertThat(poolTokens).isEqualTo(new BigInteger("622222222222222222223"));
        BigInteger[] reserves = Markets.reserves(anvil.url(), pair, curve);
        assertThat(reserves[0]).isEqualTo(poolTokens);
        assertThat(reserves[1]).isEqualTo(Markets.units("1.12").add(Markets.units("0.01")));
        assertThat(view(curve, "totalSupply")).isEqualTo(Markets.units("800").add(poolTokens));
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, curve)).isZero();
        // LP tokens burned: address(0) holds every one of them
        assertThat(view(pair, "balanceOf", new Address(Units0.ZERO))).isEqualTo(view(pair, "totalSupply")).isPositive();
        // nobody received the reserve: the curve keeps only the fees owed, the beneficiary got nothing yet
        assertThat(JsonRpc.balance(anvil.url(), curve)).isEqualTo(view(curve, "feesOwed"));
        assertThat(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_2)).isEqualTo(beneficiaryEth);
        // the pool opened at most at the curve's last price: 1.12 ETH / 622.2… tokens <= 0.0018 ETH per token
        assertThat(Markets.units("1.12").multiply(Markets.units("1"))).isLessThanOrEqualTo(Markets.units("0.0018").multiply(poolTokens));

        // the curve trades no more
        assertThatThrownBy(() -> run(holder, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"1\"}")).isInstanceOf(ToolException.class)
                .hasMessage("curve " + curve + " graduated into its Uniswap V2 pool " + pair + " and trades no more: use swap_exact_in or "
                        + "swap_exact_out with token " + curve);
        assertThatThrownBy(() -> run(agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.1\"}")).isInstanceOf(ToolException.class)
                .hasMessageContaining("trades no more");
        assertThat(TestContracts.succeeded(TestContracts.transact(anvil.url(), Anvil.ADDRESS_1, curve, Markets.units("0.1"), "buy",
                List.of(new Uint256(BigInteger.ONE), new Uint256(Markets.FAR_DEADLINE))))).isFalse();

        // the token trades on the pair: the holder sells 100 (approving exactly that), the agent buys exactly 10
        JsonNode sold = runJson(holder, "swap_exact_in", "{\"token_in\":\"" + curve + "\",\"token_out\":\"ETH\",\"amount_in\":\"100\"}");
        assertThat(sold.get("status").asString()).isEqualTo("success");
        assertThat(sold.get("firstTxHash").asString()).startsWith("0x");
        assertThat(sold.get("approved").asString()).isEqualTo("100");
        assertThat(Markets.allowance(anvil.url(), curve, Anvil.ADDRESS_1, uniswap.router())).isZero();
        BigInteger agentTokens = JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0);
        JsonNode bought = runJson(agent, "swap_exact_out", "{\"token_in\":\"ETH\",\"token_out\":\"GRAD\",\"amount_out\":\"10\"}".replace("GRAD", curve));
        assertThat(bought.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.tokenBalance(anvil.url(), curve, Anvil.ADDRESS_0)).isEqualTo(agentTokens.add(Markets.units("10")));
        assertThat(Markets.reserves(anvil.url(), pair, curve)[0]).isEqualTo(poolTokens.add(Markets.units("100")).subtract(Markets.units("10")));
        // fees stay pullable after graduation
        BigInteger owed = view(curve, "feesOwed");
        Markets.send(anvil.url(), Anvil.ADDRESS_1, curve, BigInteger.ZERO, new Function("withdrawFees", List.of(), List.of()));
        assertThat(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_2)).isEqualTo(beneficiaryEth.add(owed));
    }

    @Test
    void aLaunchWhoseSupplyCannotSeedThePoolIsRefusedBeforeSending() throws Exception {
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        assertThatThrownBy(() -> launch("1000")).isInstanceOf(ToolException.class)
                .hasMessage("at graduation this curve seeds a Uniswap V2 pool at its last price, which needs 622.222222222222222223 GRAD beyond "
                        + "curve_supply; total_supply leaves only 200. Raise total_supply to at least 1422.222222222222222223 or lower curve_supply");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
        // positive control: the smallest total that works
        assertThat(launch("1422.222222222222222223")).startsWith("0x");
    }

    /** The zero address, for reads. */
    private static final class Units0 {
        static final String ZERO = "0x0000000000000000000000000000000000000000";
    }
}
