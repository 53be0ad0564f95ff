package dev.agentry.x402;

import dev.agentry.core.ToolArguments;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.UniswapV2;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.ContractCalls;
import dev.agentry.tools.chain.UniswapV2Addresses;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.JsonNode;

/**
 * Measures the gas each chain operation uses on Anvil, through the real tools (launches, curve
 * trades, graduation into Uniswap V2, swaps, approvals) and the real x402 endpoint (settlement),
 * and writes the table to {@code agent-tools-chain/GAS.md}. A program that prints figures, not a
 * test.
 *
 * <pre>
 * mvn -q -pl agent-x402 -am test-compile exec:exec -Pgas-report [-Dgas.out=agent-tools-chain/GAS.md]
 * </pre>
 */
public final class GasReport {
    private record Row(String operation, String tool, String gas, String notes) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final LocalUsdc chain;

    private GasReport(LocalUsdc chain) {
        this.chain = chain;
    }

    /**
     * Runs the measurements.
     *
     * @param args the output file (default {@code agent-tools-chain/GAS.md})
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "agent-tools-chain/GAS.md");
        try (LocalUsdc chain = new LocalUsdc()) {
            GasReport report = new GasReport(chain);
            report.measure();
            Files.writeString(out, report.markdown());
            System.out.println(report.markdown());
            System.out.println("wrote " + out.toAbsolutePath());
        }
    }

    private static JsonNode run(ChainToolkit kit, String tool, String args) {
        return LocalUsdc.JSON.readTree(kit.tools(tool).get(0).execute(ToolArguments.parse(args), new BenchContext()));
    }

    private JsonNode measure(String operation, ChainToolkit kit, String tool, String args, String notes) {
        JsonNode r = run(kit, tool, args);
        String gas = r.get("gasUsed").asString();
        if (r.has("firstTxHash")) {
            BigInteger first = LocalUsdc.quantity(chain.call("eth_getTransactionReceipt", r.get("firstTxHash").asString()).get("gasUsed"));
            gas = first + " + " + gas;
            notes = notes.isEmpty() ? "approval + swap" : notes + " (approval + swap)";
        }
        rows.add(new Row(operation, "`" + tool + "`", gas, notes));
        return r;
    }

    private ChainToolkit toolkit(String key, Consumer<ChainToolkit.Builder> extra) {
        ChainToolkit.Builder b = ChainToolkit.builder().chain(dev.agentry.tools.chain.Chain.BASE_SEPOLIA).rpcUrl(chain.anvil.url())
                .wallet(LocalUsdc.wallet(key)).receiptPollInterval(Duration.ofMillis(20));
        extra.accept(b);
        return b.build();
    }

    private void measure() {
        UniswapV2 deployed = UniswapV2.deploy(chain.anvil.url());
        UniswapV2Addresses u = new UniswapV2Addresses(deployed.factory(), deployed.router(), deployed.weth());
        try (ChainToolkit agent = toolkit(Anvil.KEY_0, b -> b.uniswapV2(u)); ChainToolkit plain = toolkit(Anvil.KEY_2, b -> { })) {
            String friend = Anvil.DEV_ADDRESSES.get(4);
            measure("native transfer", agent, "transfer_native", "{\"to\":\"" + friend + "\",\"amount\":\"0.01\"}", "21000 by definition");
            String tip = measure("launch a fixed-supply ERC-20", agent, "launch_token", "{\"name\":\"Tip\",\"symbol\":\"TIP\",\"supply\":\"1000000\"}",
                    "AgentryToken").get("token").asString();
            measure("token transfer", agent, "transfer_token", "{\"token\":\"" + tip + "\",\"to\":\"" + friend + "\",\"amount\":\"100\"}", "");
            measure("token approval", agent, "approve_token", "{\"token\":\"" + tip + "\",\"spender\":\"" + friend + "\",\"amount\":\"100\"}", "");
            String curveArgs = "\"total_supply\":\"1500\",\"curve_supply\":\"800\",\"base_price\":\"0.001\",\"slope\":\"0.000001\",\"fee_percent\":\"1\"";
            measure("launch a bonding curve, no DEX", plain, "launch_curve_token", "{\"name\":\"Solo\",\"symbol\":\"SOLO\"," + curveArgs + "}",
                    "graduates without a pool");
            String curve = measure("launch a bonding curve with Uniswap V2", agent, "launch_curve_token",
                    "{\"name\":\"Grad\",\"symbol\":\"GRAD\"," + curveArgs + "}", "creates its pair at launch").get("curve").asString();
            measure("curve buy, first", agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.1\"}", "exact in, refund of the rest");
            measure("curve buy", agent, "curve_buy", "{\"curve\":\"" + curve + "\",\"amount\":\"0.1\"}", "exact in");
            measure("curve buy, exact out", agent, "curve_buy_exact", "{\"curve\":\"" + curve + "\",\"tokens\":\"10\"}", "max cost, refund of the rest");
            measure("curve sell", agent, "curve_sell", "{\"curve\":\"" + curve + "\",\"amount\":\"5\"}", "");
            measure("fee withdrawal", agent, "curve_withdraw_fees", "{\"curve\":\"" + curve + "\"}", "by pull");
            JsonNode status = run(agent, "curve_status", "{\"curve\":\"" + curve + "\"}");
            String left = new BigDecimal(status.get("curveSupply").asString()).subtract(new BigDecimal(status.get("supplySold").asString()))
                    .toPlainString();
            measure("graduation (the buy that sells out)", agent, "curve_buy_exact", "{\"curve\":\"" + curve + "\",\"tokens\":\"" + left + "\"}",
                    "buy + wrap reserve + seed pair + burn rest and LP");
            measure("swap ETH -> token, exact in", agent, "swap_exact_in", "{\"token_in\":\"ETH\",\"token_out\":\"" + curve + "\",\"amount_in\":\"0.01\"}", "");
            measure("swap ETH -> token, exact out", agent, "swap_exact_out", "{\"token_in\":\"ETH\",\"token_out\":\"" + curve + "\",\"amount_out\":\"1\"}",
                    "refund of the rest");
            measure("swap token -> ETH, exact in", agent, "swap_exact_in", "{\"token_in\":\"" + curve + "\",\"token_out\":\"ETH\",\"amount_in\":\"5\"}", "");
            seedPool(agent, u, tip);
            measure("swap token -> token via WETH", agent, "swap_exact_in", "{\"token_in\":\"" + curve + "\",\"token_out\":\"" + tip
                    + "\",\"amount_in\":\"5\"}", "two pools");
            settlement();
        }
    }

    /** Gives TIP a TIP/WETH pool from the agent's own tokens (operator code, not a tool). */
    private static void seedPool(ChainToolkit agent, UniswapV2Addresses u, String tip) {
        ContractCalls calls = ContractCalls.of(agent);
        BigInteger tokens = BigInteger.TEN.pow(21);
        calls.transact(tip, BigInteger.ZERO, FunctionEncoder.encode(new Function("approve", List.of(new Address(u.router()), new Uint256(tokens)),
                List.of())));
        calls.transact(u.router(), BigInteger.TEN.pow(18), FunctionEncoder.encode(new Function("addLiquidityETH", List.of(new Address(tip),
                new Uint256(tokens), new Uint256(BigInteger.ZERO), new Uint256(BigInteger.ZERO), new Address(agent.address()),
                new Uint256(BigInteger.valueOf(4_000_000_000L))), List.of())));
    }

    private void settlement() {
        try (ChainToolkit seller = chain.toolkit(Anvil.KEY_1); ChainToolkit buyer = chain.toolkit(Anvil.KEY_2);
                PaidEndpoint.Running running = PaidEndpoint.builder().chain(seller).asset(X402Asset.usdc(chain.usdc)).price(new BigDecimal("0.01"))
                        .service(r -> "{}").build().start("127.0.0.1", 0)) {
            chain.mint(buyer.address(), 1_000_000);
            var fetch = X402Buyer.builder().chain(buyer).wallet(LocalUsdc.wallet(Anvil.KEY_2)).assets(List.of(X402Asset.usdc(chain.usdc))).build()
                    .tools().get(0);
            ToolArguments args = ToolArguments.parse("{\"url\":\"" + running.url() + "/x\"}");
            BenchContext ctx = new BenchContext();
            fetch.spends(args, ctx);
            String tx = LocalUsdc.JSON.readTree(fetch.execute(args, ctx)).get("transaction").asString();
            rows.add(new Row("x402 settlement (`transferWithAuthorization`, paid by the seller)", "`x402_fetch` / `PaidEndpoint`",
                    LocalUsdc.quantity(chain.call("eth_getTransactionReceipt", tx).get("gasUsed")).toString(), "the buyer only signs"));
        }
    }

    private String markdown() {
        StringBuilder sb = new StringBuilder("""
                # Gas used by Agentry's chain operations

                Generated by `GasReport` (agent-x402/src/test/java/dev/agentry/x402/GasReport.java): every operation runs through the real
                tool (or the x402 endpoint) on Anvil, with Uniswap V2 deployed from the npm artifacts and our contracts compiled by
                solc-js 0.8.37 (optimizer, 200 runs); the figure is the receipt's `gasUsed`. Regenerate with
                `mvn -q -pl agent-x402 -am test-compile exec:exec -Pgas-report`.

                | operation | tool | gas used | notes |
                |---|---|---:|---|
                """);
        for (Row r : rows) {
            sb.append("| ").append(r.operation()).append(" | ").append(r.tool()).append(" | ").append(r.gas()).append(" | ").append(r.notes())
                    .append(" |\n");
        }
        return sb.toString();
    }
}
