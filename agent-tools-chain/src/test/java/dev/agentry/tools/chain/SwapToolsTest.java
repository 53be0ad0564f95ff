package dev.agentry.tools.chain;

import static dev.agentry.tools.chain.ChainToolkitTest.run;
import static dev.agentry.tools.chain.ChainToolkitTest.runJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
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
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.JsonNode;

/**
 * The swap tools against Uniswap V2 on Anvil: pools ALPHA/WETH (1000 : 10), BETA/WETH (500 : 5),
 * a fee-on-transfer token TAX/WETH, an empty pair EMPTY/WETH and a token with no pair. Balances
 * are read with plain JSON-RPC, quotes with the router directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwapToolsTest {
    private Anvil anvil;
    private UniswapV2Addresses u;
    private ChainToolkit agent;
    private String alpha;
    private String beta;
    private String taxed;
    private String empty;
    private String lonely;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        String url = anvil.url();
        u = Markets.deploy(url);
        String lp = Anvil.ADDRESS_1;
        alpha = Markets.token(url, lp, "PlainToken", "ALPHA", "100000");
        beta = Markets.token(url, lp, "PlainToken", "BETA", "100000");
        taxed = Markets.token(url, lp, "FeeOnTransferToken", "TAX", "100000");
        empty = Markets.token(url, lp, "PlainToken", "EMPTY", "100000");
        lonely = Markets.token(url, lp, "PlainToken", "LONE", "100000");
        Markets.addLiquidityEth(url, u, lp, alpha, "1000", "10");
        Markets.addLiquidityEth(url, u, lp, beta, "500", "5");
        Markets.addLiquidityEth(url, u, lp, taxed, "1000", "10");
        Markets.createPair(url, u, lp, empty, u.weth());
        Markets.send(url, lp, alpha, BigInteger.ZERO, new Function("transfer", List.of(new Address(Anvil.ADDRESS_0),
                new Uint256(Markets.units("200"))), List.of()));
        Markets.send(url, lp, taxed, BigInteger.ZERO, new Function("transfer", List.of(new Address(Anvil.ADDRESS_0),
                new Uint256(Markets.units("100"))), List.of()));
        agent = ChainToolkitTest.toolkit(url, Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")),
                b -> b.uniswapV2(u).token("ALPHA", alpha).token("BETA", beta));
    }

    @AfterAll
    void stop() {
        agent.close();
        anvil.close();
    }

    private BigInteger eth() {
        return JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0);
    }

    private BigInteger tokens(String token) {
        return JsonRpc.tokenBalance(anvil.url(), token, Anvil.ADDRESS_0);
    }

    private static BigInteger fee(JsonNode result) {
        return new BigDecimal(result.get("gasFee").asString()).movePointRight(18).toBigIntegerExact();
    }

    @Test
    void exactInFromTheNativeCoinGetsWhatTheQuoteSaid() throws Exception {
        JsonNode quote = runJson(agent, "swap_quote", "{\"token_in\":\"ETH\",\"token_out\":\"ALPHA\",\"amount_in\":\"0.1\"}");
        BigInteger quoted = Markets.units(quote.get("quotedAmountOut").asString());
        assertThat(quoted).isEqualTo(Markets.amountOut(anvil.url(), u, Markets.units("0.1"), u.weth(), alpha));
        assertThat(quote.get("route").asString()).isEqualTo("ETH -> ALPHA");
        assertThat(new BigDecimal(quote.get("priceImpactPercent").asString())).isBetween(new BigDecimal("1.2"), new BigDecimal("1.4"));
        assertThat(Markets.units(quote.get("minimumOut").asString()))
                .isEqualTo(new BigDecimal(quoted).multiply(new BigDecimal("0.99")).toBigInteger());

        Tool swap = agent.tools("swap_exact_in").get(0);
        ToolArguments args = ToolArguments.parse("{\"token_in\":\"ETH\",\"token_out\":\"ALPHA\",\"amount_in\":\"0.1\"}");
        TestContext ctx = new TestContext();
        List<Spend> declared = swap.spends(args, ctx);
        assertThat(declared.get(0)).isEqualTo(Spend.of("ETH", new BigDecimal("0.1"), u.router()));
        assertThat(declared.get(1).asset()).isEqualTo("ETH");
        assertThat(declared.get(1).recipient()).isEmpty();
        BigInteger ethBefore = eth();
        BigInteger alphaBefore = tokens(alpha);
        JsonNode r = JsonRpc.parse(swap.execute(args, ctx));
        assertThat(r.get("status").asString()).isEqualTo("success");
        assertThat(tokens(alpha)).isEqualTo(alphaBefore.add(quoted));
        assertThat(eth()).isEqualTo(ethBefore.subtract(Markets.units("0.1")).subtract(fee(r)));
        assertThat(ctx.settled).containsExactly(Spend.of("ETH", new BigDecimal("0.1"), u.router()),
                Spend.of("ETH", new BigDecimal(fee(r), 18).stripTrailingZeros()));
    }

    @Test
    void exactOutToTheNativeCoinApprovesExactlyTheMostItMayTake() throws Exception {
        assertThat(Markets.allowance(anvil.url(), alpha, Anvil.ADDRESS_0, u.router())).isZero();
        JsonNode quote = runJson(agent, "swap_quote", "{\"token_in\":\"ALPHA\",\"token_out\":\"ETH\",\"amount_out\":\"0.05\"}");
        BigInteger max = Markets.units(quote.get("maximumIn").asString());
        BigInteger quotedIn = Markets.units(quote.get("quotedAmountIn").asString());
        List<Spend> declared = agent.tools("swap_exact_out").get(0).spends(ToolArguments.parse(
                "{\"token_in\":\"ALPHA\",\"token_out\":\"ETH\",\"amount_out\":\"0.05\"}"), new TestContext());
        assertThat(declared.get(0)).isEqualTo(Spend.of(alpha.toLowerCase(), new BigDecimal(max, 18).stripTrailingZeros(), u.router()));
        assertThat(declared.get(1).asset()).isEqualTo("ETH");

        BigInteger ethBefore = eth();
        BigInteger alphaBefore = tokens(alpha);
        TestContext ctx = new TestContext();
        ToolArguments args = ToolArguments.parse("{\"token_in\":\"ALPHA\",\"token_out\":\"ETH\",\"amount_out\":\"0.05\"}");
        Tool swap = agent.tools("swap_exact_out").get(0);
        swap.spends(args, ctx);
        JsonNode r = JsonRpc.parse(swap.execute(args, ctx));
        assertThat(r.get("firstTxHash").asString()).startsWith("0x");
        // the approval's checkpoints never pass for the swap's own (a crash between the two is not mistaken for a sent swap)
        assertThat(ctx.checkpoints).containsEntry("first.tx.hash", r.get("firstTxHash").asString()).containsEntry("tx.hash", r.get("txHash").asString());
        assertThat(Markets.units(r.get("approved").asString())).isEqualTo(max);
        assertThat(eth()).isEqualTo(ethBefore.add(Markets.units("0.05")).subtract(fee(r)));
        assertThat(tokens(alpha)).isEqualTo(alphaBefore.subtract(quotedIn));
        // what the router may still take is exactly the slippage it did not need
        assertThat(Markets.allowance(anvil.url(), alpha, Anvil.ADDRESS_0, u.router())).isEqualTo(max.subtract(quotedIn));
        // the real fee settled covers both transactions: approval + swap
        JsonNode approval = JsonRpc.receipt(anvil.url(), r.get("firstTxHash").asString());
        JsonNode own = JsonRpc.receipt(anvil.url(), r.get("txHash").asString());
        BigInteger both = JsonRpc.quantity(approval.get("gasUsed")).multiply(JsonRpc.quantity(approval.get("effectiveGasPrice")))
                .add(JsonRpc.quantity(own.get("gasUsed")).multiply(JsonRpc.quantity(own.get("effectiveGasPrice"))));
        assertThat(fee(r)).isEqualTo(both);
    }

    @Test
    void tokenToTokenGoesThroughWethWhenTheyHaveNoPoolOfTheirOwn() throws Exception {
        BigInteger betaBefore = tokens(beta);
        JsonNode quote = runJson(agent, "swap_quote", "{\"token_in\":\"ALPHA\",\"token_out\":\"BETA\",\"amount_in\":\"10\"}");
        assertThat(quote.get("route").asString()).isEqualTo("ALPHA -> WETH -> BETA");
        BigInteger quoted = Markets.units(quote.get("quotedAmountOut").asString());
        assertThat(quoted).isEqualTo(Markets.amountOut(anvil.url(), u, Markets.units("10"), alpha, u.weth(), beta));
        JsonNode r = runJson(agent, "swap_exact_in", "{\"token_in\":\"ALPHA\",\"token_out\":\"BETA\",\"amount_in\":\"10\"}");
        assertThat(r.get("status").asString()).isEqualTo("success");
        assertThat(tokens(beta)).isEqualTo(betaBefore.add(quoted));
        assertThat(Markets.allowance(anvil.url(), alpha, Anvil.ADDRESS_0, u.router())).isZero();
    }

    @Test
    void feeOnTransferTokensAreRefusedBeforeAnythingIsSent() throws Exception {
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        for (String args : List.of("{\"token_in\":\"" + taxed + "\",\"token_out\":\"ETH\",\"amount_in\":\"10\"}",
                "{\"token_in\":\"ETH\",\"token_out\":\"" + taxed + "\",\"amount_in\":\"0.01\"}")) {
            assertThatThrownBy(() -> run(agent, "swap_exact_in", args)).isInstanceOf(ToolException.class)
                    .hasMessageMatching("token TAX \\(" + taxed + "\\) takes a fee on transfer: of \\d+ base units sent, \\d+ arrived\\. "
                            + "Uniswap V2 quotes and slippage bounds are wrong for such tokens, so this tool does not trade them");
        }
        assertThatThrownBy(() -> run(agent, "swap_quote", "{\"token_in\":\"ETH\",\"token_out\":\"" + taxed + "\",\"amount_out\":\"1\"}"))
                .hasMessageContaining("takes a fee on transfer");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
        // positive control: the same pool depth with a plain token trades
        assertThat(runJson(agent, "swap_exact_in", "{\"token_in\":\"ETH\",\"token_out\":\"ALPHA\",\"amount_in\":\"0.01\"}").get("status")
                .asString()).isEqualTo("success");
    }

    @Test
    void missingEmptyAndShallowPoolsAndBadBoundsAreClearErrors() throws Exception {
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        assertThatThrownBy(() -> run(agent, "swap_exact_in", "{\"token_in\":\"ETH\",\"token_out\":\"" + empty + "\",\"amount_in\":\"0.01\"}"))
                .isInstanceOf(ToolException.class).hasMessage("the Uniswap V2 pool ETH/EMPTY (" + Markets.pair(anvil.url(), u, empty, u.weth())
                        + ") is empty: it holds no liquidity to trade against, and there is no route through WETH either");
        assertThatThrownBy(() -> run(agent, "swap_quote", "{\"token_in\":\"ALPHA\",\"token_out\":\"" + lonely + "\",\"amount_in\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessage("there is no Uniswap V2 pool for ALPHA/LONE, nor a route through WETH, on anvil");
        assertThatThrownBy(() -> run(agent, "swap_exact_out", "{\"token_in\":\"ETH\",\"token_out\":\"ALPHA\",\"amount_out\":\"5000\"}"))
                .isInstanceOf(ToolException.class).hasMessageStartingWith("the pool holds only ").hasMessageEndingWith(" ALPHA; it cannot sell 5000");
        assertThatThrownBy(() -> run(agent, "swap_exact_in", "{\"token_in\":\"ETH\",\"token_out\":\"" + u.weth() + "\",\"amount_in\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("are the same asset on Uniswap");
        assertThatThrownBy(() -> run(agent, "swap_exact_in", "{\"token_in\":\"ETH\",\"token_out\":\"ALPHA\",\"amount_in\":\"0.01\","
                + "\"min_amount_out\":\"0\"}")).isInstanceOf(ToolException.class)
                .hasMessage("argument 'min_amount_out' must be greater than zero: 0 accepts any price, which a sandwich exploits; omit it to "
                        + "use a fresh quote with 1% slippage");
        assertThatThrownBy(() -> run(agent, "swap_exact_out", "{\"token_in\":\"ALPHA\",\"token_out\":\"ETH\",\"amount_out\":\"0.01\","
                + "\"max_amount_in\":\"0\"}")).isInstanceOf(ToolException.class).hasMessageContaining("'max_amount_in' must be greater than zero");
        assertThatThrownBy(() -> run(agent, "swap_exact_in", "{\"token_in\":\"ALPHA\",\"token_out\":\"ETH\",\"amount_in\":\"100000\"}"))
                .isInstanceOf(ToolException.class).hasMessageStartingWith("insufficient ALPHA: the wallet holds ")
                .hasMessageEndingWith(", this swap may take up to 100000; nothing was sent");
        assertThatThrownBy(() -> run(agent, "swap_quote", "{\"token_in\":\"ETH\",\"token_out\":\"ALPHA\"}"))
                .isInstanceOf(ToolException.class).hasMessage("give exactly one of 'amount_in' (sell exactly) or 'amount_out' (buy exactly)");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
    }

    @Test
    void theRouterEnforcesTheSlippageBoundAndTheDeadline() throws Exception {
        Tool swap = agent.tools("swap_exact_in").get(0);
        ToolArguments args = ToolArguments.parse("{\"token_in\":\"ETH\",\"token_out\":\"BETA\",\"amount_in\":\"0.1\"}");
        TestContext ctx = new TestContext();
        swap.spends(args, ctx);
        // a sandwich's front-run lands between the quote and the trade
        Markets.send(anvil.url(), Anvil.ADDRESS_1, u.router(), Markets.units("1"), new Function("swapExactETHForTokens", List.of(
                new Uint256(BigInteger.ONE), new org.web3j.abi.datatypes.DynamicArray<>(Address.class, new Address(u.weth()), new Address(beta)),
                new Address(Anvil.ADDRESS_1), new Uint256(Markets.FAR_DEADLINE)), List.of()));
        BigInteger betaBefore = tokens(beta);
        assertThatThrownBy(() -> swap.execute(args, ctx)).isInstanceOf(ToolException.class)
                .hasMessageContaining("was mined but reverted on chain: reverted: Error(\"UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT\")");
        assertThat(tokens(beta)).isEqualTo(betaBefore);

        try (ChainToolkit quick = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_2, "k2")),
                b -> b.uniswapV2(u).token("BETA", beta).tradeDeadline(Duration.ofSeconds(10)))) {
            Tool q = quick.tools("swap_exact_in").get(0);
            assertThat(JsonRpc.parse(q.execute(args, new TestContext())).get("status").asString()).as("positive control").isEqualTo("success");
            TestContext late = new TestContext();
            q.spends(args, late);
            JsonRpc.call(anvil.url(), "evm_increaseTime", 60);
            assertThatThrownBy(() -> q.execute(args, late)).isInstanceOf(ToolException.class)
                    .hasMessageContaining("reverted: Error(\"UniswapV2Router: EXPIRED\")");
        }
    }

    @Test
    void theDeclaredSpendsMeetTheCapsAndTheRecipientAllowlist() {
        Tool swap = agent.tools("swap_exact_in").get(0);
        ToolArguments args = ToolArguments.parse("{\"token_in\":\"ALPHA\",\"token_out\":\"ETH\",\"amount_in\":\"20\"}");
        java.util.function.Function<StandardPolicy, PolicyDecision> decide = p -> p.decide(new PolicyRequest("agent", "swap_exact_in",
                Effect.FUNDS, Event.of("e1", "local", "owner", "c1", "swap", Trust.OWNER), args, swap.spends(args, new TestContext()), "k",
                java.time.Instant.now()));
        StandardPolicy.Builder base = StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1));
        String alphaKey = alpha.toLowerCase();
        // the router is where the tokens go: a recipient allowlist without it refuses the swap
        PolicyDecision elsewhere = decide.apply(StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1))
                .spendCap(alphaKey, new BigDecimal("100"), Duration.ofDays(1)).recipientAllowlist(List.of(Anvil.ADDRESS_2)).build());
        assertThat(elsewhere.rule()).isEqualTo("recipient-allowlist");
        assertThat(elsewhere.reason()).contains(u.router());
        // a cap on the token below the amount refuses it
        PolicyDecision capped = decide.apply(StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1))
                .spendCap(alphaKey, new BigDecimal("19"), Duration.ofDays(1)).build());
        assertThat(capped.rule()).isEqualTo("spend-cap");
        // positive control: the router allowed and a cap that fits
        PolicyDecision allowed = decide.apply(base.spendCap(alphaKey, new BigDecimal("20"), Duration.ofDays(1))
                .recipientAllowlist(List.of(u.router())).build());
        assertThat(allowed.verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
    }

    @Test
    void swapsAreFundsToolsAndTheQuoteIsARead() {
        assertThat(agent.tools("swap_exact_in", "swap_exact_out")).extracting(Tool::effect).containsOnly(Effect.FUNDS);
        assertThat(agent.tools("swap_quote")).extracting(Tool::effect).containsOnly(Effect.READ);
    }
}
