package dev.agentry.tools.chain.internal;

import static dev.agentry.tools.chain.internal.ToolParts.object;
import static dev.agentry.tools.chain.internal.ToolParts.render;
import static dev.agentry.tools.chain.internal.ToolParts.spec;

import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.UniswapV2Addresses;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Uniswap V2 family: {@code swap_quote}, {@code swap_exact_in} and {@code swap_exact_out}
 * between the native coin and ERC-20 tokens, or two tokens (directly, or through WETH when they
 * have no pool of their own).
 *
 * <p>Every swap quotes first ({@code getAmountsOut} / {@code getAmountsIn}), bounds the trade (a
 * minimum bought or a maximum sold: the model's, never zero, or the fresh quote with the configured
 * slippage) and a deadline, both enforced by the router; approves the router for exactly the most
 * it may take when the allowance is short (the approval and the swap are simulated together before
 * either is sent); and declares the most it may sell as a spend to the router, so caps and the
 * recipient allowlist apply. Tokens that take a fee on transfer and empty or missing pools are
 * refused with a clear error before anything is sent.
 */
final class SwapTools extends ToolFamily {
    /**
     * Gas limit of a swap after its approval, per unit of gas the simulation says it used: the
     * simulation reports gas after refunds (a sale of a whole balance clears storage), while the
     * limit must cover the gas before them and the 63/64 kept back at each nested call.
     */
    private static final BigDecimal GAS_HEADROOM = BigDecimal.TWO;

    private final UniswapMarket market;

    SwapTools(ToolEnv env, UniswapV2Addresses uniswap) {
        super(env);
        this.market = new UniswapMarket(env, uniswap);
    }

    /**
     * A quoted trade.
     *
     * @param in the asset sold
     * @param out the asset bought
     * @param route the pools it goes through
     * @param amountIn base units sold (exact, or quoted)
     * @param amountOut base units bought (exact, or quoted)
     * @param exactIn whether {@code amountIn} is exact
     * @param bound the least bought (exact in) or the most sold (exact out)
     */
    private record Trade(UniswapMarket.Asset in, UniswapMarket.Asset out, UniswapMarket.Route route, BigInteger amountIn,
            BigInteger amountOut, boolean exactIn, BigInteger bound) {
        /** @return the most this trade may take from the wallet */
        BigInteger mostSold() {
            return exactIn ? amountIn : bound;
        }
    }

    private Trade trade(ToolArguments a, boolean exactIn) {
        UniswapMarket.Asset in = market.asset(a, "token_in");
        UniswapMarket.Asset out = market.asset(a, "token_out");
        UniswapMarket.Route route = market.route(in, out);
        market.refuseFeeOnTransfer(route, List.of(in, out));
        BigDecimal keep = env.settings().slippagePercent().movePointLeft(2);
        if (exactIn) {
            BigInteger amountIn = Units.toBase("amount_in", a.decimal("amount_in"), in.decimals(), false, in.symbol());
            List<BigInteger> amounts = market.amountsOut(amountIn, route);
            BigInteger quoted = amounts.get(amounts.size() - 1);
            if (quoted.signum() == 0) {
                throw new ToolException("selling " + a.decimal("amount_in").toPlainString() + " " + in.symbol() + " buys no " + out.symbol()
                        + " at all: the amount is too small for this pool");
            }
            BigInteger min = bound(a, "min_amount_out", out, () -> new BigDecimal(quoted).multiply(BigDecimal.ONE.subtract(keep))
                    .setScale(0, RoundingMode.DOWN).toBigInteger().max(BigInteger.ONE));
            return new Trade(in, out, route, amountIn, quoted, true, min);
        }
        BigInteger amountOut = Units.toBase("amount_out", a.decimal("amount_out"), out.decimals(), false, out.symbol());
        BigInteger quoted = market.amountsIn(amountOut, route, out).get(0);
        BigInteger max = bound(a, "max_amount_in", in, () -> new BigDecimal(quoted).multiply(BigDecimal.ONE.add(keep))
                .setScale(0, RoundingMode.CEILING).toBigInteger());
        return new Trade(in, out, route, quoted, amountOut, false, max);
    }

    /** Returns the bound the model gave (zero refused), else the one derived from the quote. */
    private BigInteger bound(ToolArguments a, String arg, UniswapMarket.Asset asset, Supplier<BigInteger> fromQuote) {
        if (!a.has(arg)) {
            return fromQuote.get();
        }
        BigDecimal given = a.decimal(arg);
        if (given.signum() == 0) {
            throw new ToolException("argument '" + arg + "' must be greater than zero: 0 accepts any price, which a sandwich exploits; "
                    + "omit it to use a fresh quote with " + env.settings().slippagePercent().toPlainString() + "% slippage");
        }
        return Units.toBase(arg, given, asset.decimals(), false, asset.symbol());
    }

    private static String amount(BigInteger base, UniswapMarket.Asset asset) {
        return Units.fromBase(base, asset.decimals());
    }

    /** Fills the fields a quote and a swap both show. */
    private void describe(Trade t, ObjectNode n) {
        n.put("tokenIn", t.in().nativeCoin() ? t.in().symbol() : t.in().address());
        n.put("symbolIn", t.in().symbol());
        n.put("tokenOut", t.out().nativeCoin() ? t.out().symbol() : t.out().address());
        n.put("symbolOut", t.out().symbol());
        n.put("route", t.route().path().stream().map(p -> p.equalsIgnoreCase(t.in().address()) ? t.in().symbol()
                : p.equalsIgnoreCase(t.out().address()) ? t.out().symbol() : "WETH").collect(Collectors.joining(" -> ")));
        n.put(t.exactIn() ? "amountIn" : "quotedAmountIn", amount(t.amountIn(), t.in()));
        n.put(t.exactIn() ? "quotedAmountOut" : "amountOut", amount(t.amountOut(), t.out()));
        n.put(t.exactIn() ? "minimumOut" : "maximumIn", t.exactIn() ? amount(t.bound(), t.out()) : amount(t.bound(), t.in()));
    }

    /** Price impact in percent: how far the trade's price is below the pools' mid price. */
    private static String priceImpact(Trade t) {
        BigDecimal mid = BigDecimal.ONE;
        for (UniswapMarket.Hop h : t.route().hops()) {
            mid = mid.multiply(new BigDecimal(h.reserveOut())).divide(new BigDecimal(h.reserveIn()), 40, RoundingMode.HALF_EVEN);
        }
        BigDecimal exec = new BigDecimal(t.amountOut()).divide(new BigDecimal(t.amountIn()), 40, RoundingMode.HALF_EVEN);
        return BigDecimal.ONE.subtract(exec.divide(mid, 40, RoundingMode.HALF_EVEN)).movePointRight(2)
                .setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static Consumer<JsonObjectSchema.Builder> pair(Consumer<JsonObjectSchema.Builder> rest) {
        return b -> {
            b.addStringProperty("token_in", "asset sold: the native coin's symbol, a configured token symbol or a token 0x address")
                    .addStringProperty("token_out", "asset bought: the native coin's symbol, a configured token symbol or a token 0x address");
            rest.accept(b);
        };
    }

    private Tool swapQuote() {
        return env.read(spec("swap_quote", "Quotes a Uniswap V2 swap now: give amount_in to sell exactly that much, or amount_out to buy "
                + "exactly that much. Shows the route, the other amount, the bound at the configured slippage and the price impact.",
                pair(b -> b.addStringProperty("amount_in", "decimal string: exact amount of token_in to sell")
                        .addStringProperty("amount_out", "decimal string: exact amount of token_out to buy").required("token_in", "token_out"))),
                (a, c) -> {
                    if (a.has("amount_in") == a.has("amount_out")) {
                        throw new ToolException("give exactly one of 'amount_in' (sell exactly) or 'amount_out' (buy exactly)");
                    }
                    Trade t = trade(a, a.has("amount_in"));
                    ObjectNode n = object();
                    describe(t, n);
                    n.put("priceImpactPercent", priceImpact(t));
                    n.put("slippagePercent", env.settings().slippagePercent().stripTrailingZeros().toPlainString());
                    return render(n);
                });
    }

    /** Refuses a zero bound, missing or empty pools, fee-on-transfer tokens and short balances; declares the most sold, to the router. */
    private Tool swapExactIn() {
        return env.sends().tool(spec("swap_exact_in", "Sells exactly amount_in of token_in for as much token_out as Uniswap V2 gives, at "
                + "least min_amount_out (omit it to accept the configured slippage from a fresh quote). Approves the router for exactly "
                + "amount_in when needed.", pair(b -> b.addStringProperty("amount_in", "decimal string: amount of token_in to sell")
                        .addStringProperty("min_amount_out", "smallest acceptable amount of token_out, greater than zero; omit to derive it")
                        .required("token_in", "token_out", "amount_in"))),
                (a, c) -> plan(trade(a, true)));
    }

    /** Refuses a zero bound, missing or empty pools, fee-on-transfer tokens and short balances; declares the most sold, to the router. */
    private Tool swapExactOut() {
        return env.sends().tool(spec("swap_exact_out", "Buys exactly amount_out of token_out on Uniswap V2 for at most max_amount_in of "
                + "token_in (omit it to accept the configured slippage from a fresh quote); what is not needed stays in the wallet. "
                + "Approves the router for exactly max_amount_in when needed.",
                pair(b -> b.addStringProperty("amount_out", "decimal string: amount of token_out to buy")
                        .addStringProperty("max_amount_in", "largest acceptable amount of token_in, greater than zero; omit to derive it")
                        .required("token_in", "token_out", "amount_out"))),
                (a, c) -> plan(trade(a, false)));
    }

    @SuppressWarnings("rawtypes")
    private TxTools.Plan plan(Trade t) {
        String wallet = env.wallet().address();
        String router = market.router();
        BigInteger most = t.mostSold();
        requireBalance(t.in(), most);
        BigInteger deadline = BigInteger.valueOf(Instant.now().plus(env.settings().tradeDeadline()).getEpochSecond());
        List<Type> args = new ArrayList<>();
        String function = swapFunction(t, args);
        args.addAll(List.of(UniswapMarket.path(t.route()), new Address(wallet), new Uint256(deadline)));
        String data = FunctionEncoder.encode(new Function(function, args, List.of()));
        TxRequest swap = TxRequest.call(router, t.in().nativeCoin() ? most : BigInteger.ZERO, data);
        Optional<TxRequest> approval = Optional.empty();
        if (!t.in().nativeCoin() && env.reader().uint(t.in().address(), "allowance", new Address(wallet), new Address(router)).compareTo(most) < 0) {
            String approve = FunctionEncoder.encode(new Function("approve", List.of(new Address(router), new Uint256(most)), List.of()));
            BigInteger gas = market.gasAfter(new BundleSimulator.Call(wallet, t.in().address(), BigInteger.ZERO, approve),
                    new BundleSimulator.Call(wallet, router, swap.value(), data));
            swap = swap.withGasLimit(new BigDecimal(gas).multiply(GAS_HEADROOM).setScale(0, RoundingMode.CEILING).toBigInteger());
            approval = Optional.of(TxRequest.call(t.in().address(), BigInteger.ZERO, approve));
        }
        Spend spend = Spend.of(t.in().capKey(), new BigDecimal(most, t.in().decimals()).stripTrailingZeros(), router);
        boolean approved = approval.isPresent();
        return new TxTools.Plan(swap, List.of(spend), (o, n) -> {
            describe(t, n);
            n.put("router", router);
            if (approved) {
                n.put("approved", amount(most, t.in()));
            }
        }, approval);
    }

    /** Picks the router function and adds its leading arguments (amounts). */
    @SuppressWarnings("rawtypes")
    private static String swapFunction(Trade t, List<Type> args) {
        if (t.exactIn()) {
            if (!t.in().nativeCoin()) {
                args.add(new Uint256(t.amountIn()));
            }
            args.add(new Uint256(t.bound()));
            return t.in().nativeCoin() ? "swapExactETHForTokens" : t.out().nativeCoin() ? "swapExactTokensForETH" : "swapExactTokensForTokens";
        }
        args.add(new Uint256(t.amountOut()));
        if (!t.in().nativeCoin()) {
            args.add(new Uint256(t.bound()));
        }
        return t.in().nativeCoin() ? "swapETHForExactTokens" : t.out().nativeCoin() ? "swapTokensForExactETH" : "swapTokensForExactTokens";
    }

    private void requireBalance(UniswapMarket.Asset in, BigInteger needed) {
        String wallet = env.wallet().address();
        BigInteger held = in.nativeCoin() ? env.rpc().balance(wallet) : env.reader().uint(in.address(), "balanceOf", new Address(wallet));
        if (held.compareTo(needed) < 0) {
            throw new ToolException("insufficient " + in.symbol() + ": the wallet holds " + amount(held, in) + ", this swap may take up to "
                    + amount(needed, in) + "; nothing was sent");
        }
    }

    @Override
    List<Tool> tools() {
        return List.of(swapQuote(), swapExactIn(), swapExactOut());
    }
}
