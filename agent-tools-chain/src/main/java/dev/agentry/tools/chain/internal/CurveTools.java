package dev.agentry.tools.chain.internal;

import static dev.agentry.tools.chain.internal.ToolParts.object;
import static dev.agentry.tools.chain.internal.ToolParts.render;
import static dev.agentry.tools.chain.internal.ToolParts.spec;

import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bonding-curve family: quotes, buys, sells, status and the beneficiary's fee withdrawal.
 *
 * <p>Trades carry a slippage limit and a deadline, both enforced by the contract. A limit of zero
 * is refused (it accepts any price, which a sandwich exploits); an omitted limit is derived from a
 * fresh on-chain quote less the configured slippage. The deadline is now plus the configured
 * trade deadline.
 */
final class CurveTools extends ToolFamily {
    CurveTools(ToolEnv env) {
        super(env);
    }

    private static String curveArg(ToolArguments a) {
        return Units.address("curve", a.string("curve"));
    }

    /** Calls a view of a curve a trade goes to; a failure says the address is not a curve, so value never goes to a plain account. */
    @SuppressWarnings("rawtypes")
    private List<Type> curveView(String curve, Function f) {
        try {
            return env.reader().view(curve, f);
        } catch (ToolException e) {
            throw new ToolException("argument 'curve' " + curve + " is not a bonding-curve contract: " + e.getMessage());
        }
    }

    /** Refuses a curve that graduated into its Uniswap V2 pair (it trades no more); also checks the address is a curve. */
    @SuppressWarnings("rawtypes")
    private void requireTrading(String curve) {
        List<Type> moved = curveView(curve, ContractReader.function("tradingMoved", Bool.class));
        if (Boolean.TRUE.equals(moved.get(0).getValue())) {
            String pair = Keys.toChecksumAddress((String) env.reader().view(curve, ContractReader.function("pair", Address.class)).get(0).getValue());
            throw new ToolException("curve " + curve + " graduated into its Uniswap V2 pool " + pair + " and trades no more: use swap_exact_in "
                    + "or swap_exact_out with token " + curve);
        }
    }

    private BigInteger quote(String curve, String function, BigInteger amount, int outputs) {
        return ContractReader.uint(curveView(curve, ContractReader.uints(function, List.of(new Uint256(amount)), outputs)).get(0));
    }

    /**
     * Returns the trade's minimum: the one given (zero refused), else a fresh quote less the
     * configured slippage (at least one base unit).
     */
    private BigInteger minimum(ToolArguments a, String arg, String curve, String unit, java.util.function.Supplier<BigInteger> quote) {
        if (a.has(arg)) {
            BigDecimal given = a.decimal(arg);
            if (given.signum() == 0) {
                throw new ToolException("argument '" + arg + "' must be greater than zero: 0 accepts any price, which a sandwich exploits; "
                        + "omit it to use a fresh quote less " + env.settings().slippagePercent().toPlainString() + "% slippage");
            }
            curveView(curve, ContractReader.uints("curveSupply", List.of(), 1));
            return Units.toBase(arg, given, 18, false, unit);
        }
        BigInteger quoted = quote.get();
        BigDecimal keep = BigDecimal.ONE.subtract(env.settings().slippagePercent().movePointLeft(2));
        return new BigDecimal(quoted).multiply(keep).toBigInteger().max(BigInteger.ONE);
    }

    private BigInteger deadline() {
        return BigInteger.valueOf(Instant.now().plus(env.settings().tradeDeadline()).getEpochSecond());
    }

    private Tool curveQuote() {
        String sym = env.nativeSymbol();
        return env.read(spec("curve_quote", "Quotes a bonding-curve trade now, fee included: side \"buy\" takes an amount of " + sym
                + " to spend, side \"buy_exact\" a number of tokens to buy, side \"sell\" an amount of tokens to sell.",
                b -> b.addStringProperty("curve", "curve token 0x address")
                        .addEnumProperty("side", List.of("buy", "buy_exact", "sell"), "buy, buy_exact or sell")
                        .addStringProperty("amount", "decimal string: " + sym + " for buy, tokens for buy_exact and sell")
                        .required("curve", "side", "amount")),
                (a, c) -> {
                    String curve = curveArg(a);
                    String side = a.string("side");
                    BigDecimal amount = a.decimal("amount");
                    ObjectNode n = object();
                    n.put("curve", curve);
                    n.put("side", side);
                    if (side.equals("buy")) {
                        BigInteger wei = Units.toBase("amount", amount, 18, false, sym);
                        List<Type> q = env.reader().view(curve, ContractReader.uints("quoteBuy", List.of(new Uint256(wei)), 3));
                        BigInteger pay = ContractReader.uint(q.get(1)).add(ContractReader.uint(q.get(2)));
                        n.put("tokensOut", Units.fromBase(ContractReader.uint(q.get(0)), 18));
                        n.put("pay", Units.fromBase(pay, 18));
                        n.put("tradeFee", Units.fromBase(ContractReader.uint(q.get(2)), 18));
                        n.put("refund", Units.fromBase(wei.subtract(pay), 18));
                    } else if (side.equals("buy_exact")) {
                        BigInteger units = Units.toBase("amount", amount, 18, false, "tokens");
                        List<Type> q = env.reader().view(curve, ContractReader.uints("quoteBuyExact", List.of(new Uint256(units)), 2));
                        n.put("tokensOut", amount.toPlainString());
                        n.put("pay", Units.fromBase(ContractReader.uint(q.get(0)).add(ContractReader.uint(q.get(1))), 18));
                        n.put("tradeFee", Units.fromBase(ContractReader.uint(q.get(1)), 18));
                    } else if (side.equals("sell")) {
                        BigInteger units = Units.toBase("amount", amount, 18, false, "tokens");
                        List<Type> q = env.reader().view(curve, ContractReader.uints("quoteSell", List.of(new Uint256(units)), 2));
                        n.put("tokensIn", amount.toPlainString());
                        n.put("receive", Units.fromBase(ContractReader.uint(q.get(0)), 18));
                        n.put("tradeFee", Units.fromBase(ContractReader.uint(q.get(1)), 18));
                    } else {
                        throw new ToolException("argument 'side' must be \"buy\", \"buy_exact\" or \"sell\", got \"" + side + "\"");
                    }
                    n.put("symbol", sym);
                    return render(n);
                });
    }

    /** Refuses accounts without a curve and a zero minimum; declares the amount as a spend to the curve. */
    private Tool curveBuy() {
        String sym = env.nativeSymbol();
        return env.sends().tool(spec("curve_buy", "Buys tokens on a bonding curve with " + sym + "; unspent " + sym + " is refunded. Fails if "
                + "fewer than min_tokens_out would be received; omit min_tokens_out to accept at most the configured slippage from a fresh quote.",
                b -> b.addStringProperty("curve", "curve token 0x address").addStringProperty("amount", sym + " to spend, decimal string")
                        .addStringProperty("min_tokens_out", "smallest acceptable number of tokens, greater than zero; omit to derive it from a quote")
                        .required("curve", "amount")),
                (a, c) -> {
                    String curve = curveArg(a);
                    BigDecimal amount = ArgumentChecks.amount(a, "amount", 18, false, sym);
                    BigInteger wei = Units.toBase("amount", amount, 18, false, sym);
                    requireTrading(curve);
                    BigInteger min = minimum(a, "min_tokens_out", curve, "tokens", () -> {
                        BigInteger out = quote(curve, "quoteBuy", wei, 3);
                        if (out.signum() == 0) {
                            throw new ToolException("buying with " + amount.toPlainString() + " " + sym + " gets no tokens now: the curve is sold "
                                    + "out or the amount does not pay for the smallest unit");
                        }
                        return out;
                    });
                    BigInteger deadline = deadline();
                    String data = FunctionEncoder.encode(new Function("buy", List.of(new Uint256(min), new Uint256(deadline)), List.of()));
                    return new TxTools.Plan(TxRequest.call(curve, wei, data), List.of(Spend.of(sym, amount, curve)), (o, n) -> {
                        n.put("curve", curve);
                        n.put("spentAtMost", amount.toPlainString());
                        n.put("minTokensOut", Units.fromBase(min, 18));
                        n.put("symbol", sym);
                    });
                });
    }

    /** Refuses graduated curves, a zero maximum and more tokens than the curve has left; declares the maximum cost as a spend to the curve. */
    @SuppressWarnings("rawtypes")
    private Tool curveBuyExact() {
        String sym = env.nativeSymbol();
        return env.sends().tool(spec("curve_buy_exact", "Buys exactly the given number of tokens on a bonding curve, paying at most max_cost "
                + sym + " (fee included; what it does not cost is refunded). Omit max_cost to accept the configured slippage above a fresh quote.",
                b -> b.addStringProperty("curve", "curve token 0x address").addStringProperty("tokens", "tokens to buy, decimal string")
                        .addStringProperty("max_cost", "largest acceptable cost in " + sym + ", greater than zero; omit to derive it from a quote")
                        .required("curve", "tokens")),
                (a, c) -> {
                    String curve = curveArg(a);
                    BigDecimal tokens = ArgumentChecks.amount(a, "tokens", 18, false, "tokens");
                    BigInteger units = Units.toBase("tokens", tokens, 18, false, "tokens");
                    requireTrading(curve);
                    BigInteger max;
                    if (a.has("max_cost")) {
                        if (a.decimal("max_cost").signum() == 0) {
                            throw new ToolException("argument 'max_cost' must be greater than zero; omit it to use a fresh quote plus "
                                    + env.settings().slippagePercent().toPlainString() + "% slippage");
                        }
                        max = Units.toBase("max_cost", a.decimal("max_cost"), 18, false, sym);
                    } else {
                        List<Type> q = curveView(curve, ContractReader.uints("quoteBuyExact", List.of(new Uint256(units)), 2));
                        BigInteger cost = ContractReader.uint(q.get(0)).add(ContractReader.uint(q.get(1)));
                        if (cost.signum() == 0) {
                            throw new ToolException("the curve cannot sell " + tokens.toPlainString() + " tokens now: fewer are left before it "
                                    + "graduates (see curve_status)");
                        }
                        BigDecimal up = BigDecimal.ONE.add(env.settings().slippagePercent().movePointLeft(2));
                        max = new BigDecimal(cost).multiply(up).setScale(0, java.math.RoundingMode.CEILING).toBigInteger();
                    }
                    String data = FunctionEncoder.encode(new Function("buyExact", List.of(new Uint256(units), new Uint256(deadline())), List.of()));
                    return new TxTools.Plan(TxRequest.call(curve, max, data), List.of(Spend.of(sym, new BigDecimal(max, 18).stripTrailingZeros(), curve)),
                            (o, n) -> {
                                n.put("curve", curve);
                                n.put("tokensBought", tokens.toPlainString());
                                n.put("maxCost", Units.fromBase(max, 18));
                                n.put("symbol", sym);
                            });
                });
    }

    /** Refuses accounts without a curve and a zero minimum; declares the tokens as a spend to the curve. */
    private Tool curveSell() {
        String sym = env.nativeSymbol();
        return env.sends().tool(spec("curve_sell", "Sells tokens back to a bonding curve for " + sym + " (also after graduation). Fails if "
                + "less than min_eth_out would be received; omit min_eth_out to accept at most the configured slippage from a fresh quote.",
                b -> b.addStringProperty("curve", "curve token 0x address").addStringProperty("amount", "tokens to sell, decimal string")
                        .addStringProperty("min_eth_out", "smallest acceptable " + sym + " received, greater than zero; omit to derive it from a quote")
                        .required("curve", "amount")),
                (a, c) -> {
                    String curve = curveArg(a);
                    BigDecimal amount = ArgumentChecks.amount(a, "amount", 18, false, "tokens");
                    BigInteger units = Units.toBase("amount", amount, 18, false, "tokens");
                    requireTrading(curve);
                    BigInteger min = minimum(a, "min_eth_out", curve, sym, () -> {
                        BigInteger out = quote(curve, "quoteSell", units, 2);
                        if (out.signum() == 0) {
                            throw new ToolException("selling " + amount.toPlainString() + " tokens pays nothing now: more than were sold along "
                                    + "the curve, or too few to be worth one wei");
                        }
                        return out;
                    });
                    BigInteger deadline = deadline();
                    String data = FunctionEncoder.encode(new Function("sell", List.of(new Uint256(units), new Uint256(min), new Uint256(deadline)),
                            List.of()));
                    return new TxTools.Plan(TxRequest.call(curve, BigInteger.ZERO, data),
                            List.of(Spend.of(curve.toLowerCase(Locale.ROOT), amount, curve)), (o, n) -> {
                                n.put("curve", curve);
                                n.put("tokensSold", amount.toPlainString());
                                n.put("minReceived", Units.fromBase(min, 18));
                                n.put("symbol", sym);
                            });
                });
    }

    @SuppressWarnings("rawtypes")
    private Tool curveStatus() {
        String sym = env.nativeSymbol();
        return env.read(spec("curve_status", "Returns a bonding curve's state: tokens sold, " + sym + " held in its reserve, current price, "
                + "whether it has graduated (sold out once), its Uniswap V2 pair and whether trading moved there, its trade fee and the fees "
                + "owed to its beneficiary.",
                b -> b.addStringProperty("curve", "curve token 0x address").required("curve")), (a, c) -> {
                    String curve = curveArg(a);
                    List<List<Type>> v = env.reader().views(curve, List.of(ContractReader.uints("sold", List.of(), 1),
                            ContractReader.uints("curveSupply", List.of(), 1), ContractReader.uints("reserve", List.of(), 1),
                            ContractReader.uints("basePrice", List.of(), 1), ContractReader.uints("slope", List.of(), 1),
                            ContractReader.uints("remainingToGraduate", List.of(), 1), ContractReader.uints("feeBps", List.of(), 1),
                            ContractReader.uints("feesOwed", List.of(), 1), ContractReader.function("graduated", Bool.class),
                            ContractReader.function("beneficiary", Address.class), ContractReader.function("pair", Address.class),
                            ContractReader.function("tradingMoved", Bool.class)));
                    BigInteger sold = ContractReader.uint(v.get(0).get(0));
                    BigInteger price = ContractReader.uint(v.get(3).get(0))
                            .add(ContractReader.uint(v.get(4).get(0)).multiply(sold).divide(BigInteger.TEN.pow(18)));
                    ContractReader.TokenMeta m = env.reader().meta(curve);
                    ObjectNode n = object();
                    n.put("curve", curve);
                    n.put("name", m.name());
                    n.put("symbol", m.symbol());
                    n.put("supplySold", Units.fromBase(sold, 18));
                    n.put("curveSupply", Units.fromBase(ContractReader.uint(v.get(1).get(0)), 18));
                    n.put("fundsRaised", Units.fromBase(ContractReader.uint(v.get(2).get(0)), 18));
                    n.put("priceNow", Units.fromBase(price, 18));
                    n.put("fundsToGraduate", Units.fromBase(ContractReader.uint(v.get(5).get(0)), 18));
                    n.put("feePercent", Units.fromBase(ContractReader.uint(v.get(6).get(0)), 2));
                    n.put("feesOwed", Units.fromBase(ContractReader.uint(v.get(7).get(0)), 18));
                    n.put("graduated", (Boolean) v.get(8).get(0).getValue());
                    n.put("beneficiary", Keys.toChecksumAddress((String) v.get(9).get(0).getValue()));
                    String pair = (String) v.get(10).get(0).getValue();
                    if (new BigInteger(pair.substring(2), 16).signum() != 0) {
                        n.put("uniswapPair", Keys.toChecksumAddress(pair));
                    }
                    n.put("tradesOnUniswap", (Boolean) v.get(11).get(0).getValue());
                    n.put("nativeSymbol", sym);
                    return render(n);
                });
    }

    /** Refuses curves whose beneficiary is another address, and curves that owe nothing; moves nothing of the agent's but gas. */
    @SuppressWarnings("rawtypes")
    private Tool curveWithdrawFees() {
        String sym = env.nativeSymbol();
        return env.sends().tool(spec("curve_withdraw_fees", "Withdraws the trade fees a bonding curve owes the agent as its beneficiary.",
                b -> b.addStringProperty("curve", "curve token 0x address").required("curve")),
                (a, c) -> {
                    String curve = curveArg(a);
                    List<List<Type>> v = env.reader().views(curve, List.of(ContractReader.function("beneficiary", Address.class),
                            ContractReader.uints("feesOwed", List.of(), 1)));
                    String beneficiary = Keys.toChecksumAddress((String) v.get(0).get(0).getValue());
                    BigInteger owed = ContractReader.uint(v.get(1).get(0));
                    if (!beneficiary.equalsIgnoreCase(env.wallet().address())) {
                        throw new ToolException("this wallet is not the beneficiary of curve " + curve + " (" + beneficiary + " is)");
                    }
                    if (owed.signum() == 0) {
                        throw new ToolException("curve " + curve + " owes no fees now");
                    }
                    String data = FunctionEncoder.encode(new Function("withdrawFees", List.of(), List.of()));
                    return new TxTools.Plan(TxRequest.call(curve, BigInteger.ZERO, data), List.of(), (o, n) -> {
                        n.put("curve", curve);
                        n.put("withdrawn", Units.fromBase(owed, 18));
                        n.put("symbol", sym);
                    });
                });
    }

    @Override
    List<Tool> tools() {
        return List.of(curveQuote(), curveBuy(), curveBuyExact(), curveSell(), curveStatus(), curveWithdrawFees());
    }
}
