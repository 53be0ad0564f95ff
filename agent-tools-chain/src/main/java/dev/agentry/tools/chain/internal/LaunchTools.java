package dev.agentry.tools.chain.internal;

import static dev.agentry.tools.chain.internal.ToolParts.spec;

import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.UniswapV2Addresses;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;

/**
 * The launch family: a fixed-supply ERC-20 and a bonding-curve token. Each launch is a spend of
 * one {@code launch}; the address it hands the supply or the fees to (when not the agent itself)
 * is that spend's recipient, so recipient allowlists and caps apply to it.
 */
final class LaunchTools extends ToolFamily {
    /** The curve contract's lowest base price, in wei per whole token. */
    static final BigInteger MIN_BASE_PRICE = BigInteger.valueOf(1_000_000);
    /** The curve contract's highest trade fee, in percent. */
    static final BigDecimal MAX_FEE_PERCENT = new BigDecimal("5");
    private static final BigInteger WHOLE_TOKEN = BigInteger.TEN.pow(18);
    private static final BigInteger TWO_E18 = BigInteger.TWO.multiply(WHOLE_TOKEN);
    private static final BigInteger TWO_E36 = TWO_E18.multiply(WHOLE_TOKEN);

    LaunchTools(ToolEnv env) {
        super(env);
    }

    /** The launch spend, with the address receiving supply or fees as recipient unless it is the agent itself. */
    private Spend launch(String receiver) {
        return receiver.equalsIgnoreCase(env.wallet().address()) ? Spend.of("launch", BigDecimal.ONE) : Spend.of("launch", BigDecimal.ONE, receiver);
    }

    private static String[] names(ToolArguments a) {
        String name = a.string("name").strip();
        String symbol = a.string("symbol").strip();
        ArgumentChecks.checkName("name", name, 64);
        ArgumentChecks.checkName("symbol", symbol, 16);
        return new String[] {name, symbol};
    }

    private Tool launchToken() {
        return env.sends().tool(spec("launch_token", "Deploys a new fixed-supply ERC-20 token (18 decimals); the whole supply goes to the "
                + "owner (the agent by default).",
                b -> b.addStringProperty("name", "token name").addStringProperty("symbol", "token symbol, e.g. TIP")
                        .addStringProperty("supply", "total supply in whole tokens as a decimal string")
                        .addStringProperty("owner", "0x address receiving the supply; omit for the agent").required("name", "symbol", "supply")),
                (a, c) -> {
                    String[] names = names(a);
                    BigInteger supply = Units.toBase("supply", a.decimal("supply"), 18, false, names[1]);
                    String owner = ArgumentChecks.recipientOr(a, "owner", env.wallet().address());
                    String code = Contracts.TOKEN.bytecode() + FunctionEncoder.encodeConstructor(List.of(
                            new Utf8String(names[0]), new Utf8String(names[1]), new Uint256(supply), new Address(owner)));
                    return new TxTools.Plan(TxRequest.deploy(code), List.of(launch(owner)), (o, n) -> {
                        n.put("token", o.contractAddress().map(Keys::toChecksumAddress).orElse(""));
                        n.put("name", names[0]);
                        n.put("symbol", names[1]);
                        n.put("supply", Units.fromBase(supply, 18));
                        n.put("owner", owner);
                    });
                });
    }

    private Tool launchCurveToken() {
        String sym = env.nativeSymbol();
        return env.sends().tool(spec("launch_curve_token", "Launches a token on a linear bonding curve (pump.fun style): price per token = "
                + "base_price + slope * tokens_sold. Buyers pay " + sym + " into the curve's reserve and can always sell back against it; "
                + "a trade fee (fee_percent, default 1) goes to the beneficiary (the agent by default), who withdraws it. When curve_supply "
                + "tokens are sold the curve graduates; nobody is paid the reserve. Where Uniswap V2 is configured, graduation seeds a "
                + "pool with the reserve and enough of the rest of the supply to open at the curve's last price (the remainder is burned, "
                + "and so are the LP tokens), and the token trades there from then on.",
                b -> b.addStringProperty("name", "token name").addStringProperty("symbol", "token symbol")
                        .addStringProperty("total_supply", "total supply in whole tokens, e.g. \"1000000000\"")
                        .addStringProperty("curve_supply", "whole tokens sold along the curve, at least 1, e.g. \"800000000\"")
                        .addStringProperty("base_price", "price of the first token in " + sym + ", greater than zero, e.g. \"0.00000001\"")
                        .addStringProperty("slope", "price increase in " + sym + " per whole token sold, e.g. \"0.000000000000001\"")
                        .addStringProperty("fee_percent", "trade fee in percent for the beneficiary, 0 to 5; default 1")
                        .addStringProperty("beneficiary", "0x address collecting the trade fees; omit for the agent")
                        .required("name", "symbol", "total_supply", "curve_supply", "base_price", "slope")),
                (a, c) -> {
                    String[] names = names(a);
                    BigInteger total = Units.toBase("total_supply", a.decimal("total_supply"), 18, false, names[1]);
                    BigInteger curve = Units.toBase("curve_supply", a.decimal("curve_supply"), 18, false, names[1]);
                    if (curve.compareTo(total) > 0) {
                        throw new ToolException("argument 'curve_supply' (" + a.decimal("curve_supply").toPlainString()
                                + ") must not exceed 'total_supply' (" + a.decimal("total_supply").toPlainString() + ")");
                    }
                    if (curve.compareTo(WHOLE_TOKEN) < 0) {
                        throw new ToolException("argument 'curve_supply' must be at least 1 whole token, got " + a.decimal("curve_supply").toPlainString());
                    }
                    BigInteger base = Units.toBase("base_price", a.decimal("base_price"), 18, false, sym);
                    if (base.compareTo(MIN_BASE_PRICE) < 0) {
                        throw new ToolException("argument 'base_price' must be at least " + Units.fromBase(MIN_BASE_PRICE, 18) + " " + sym
                                + " (a cheaper curve sells out for a few wei), got " + a.decimal("base_price").toPlainString());
                    }
                    BigInteger slope = Units.toBase("slope", a.decimal("slope"), 18, true, sym);
                    BigDecimal feePercent = a.has("fee_percent") ? a.decimal("fee_percent") : BigDecimal.ONE;
                    BigInteger feeBps = feeBps(feePercent);
                    String beneficiary = ArgumentChecks.recipientOr(a, "beneficiary", env.wallet().address());
                    String router = env.settings().uniswap().map(UniswapV2Addresses::router).orElse(Units.ZERO_ADDRESS);
                    if (env.settings().uniswap().isPresent()) {
                        requirePoolSupply(total, curve, base, slope, names[1]);
                    }
                    List<Type> args = List.of(new Utf8String(names[0]), new Utf8String(names[1]), new Uint256(total), new Uint256(curve),
                            new Uint256(base), new Uint256(slope), new Uint256(feeBps), new Address(beneficiary), new Address(router));
                    String code = Contracts.CURVE.bytecode() + FunctionEncoder.encodeConstructor(args);
                    return new TxTools.Plan(TxRequest.deploy(code), List.of(launch(beneficiary)), (o, n) -> {
                        n.put("curve", o.contractAddress().map(Keys::toChecksumAddress).orElse(""));
                        n.put("name", names[0]);
                        n.put("symbol", names[1]);
                        n.put("feePercent", feePercent.stripTrailingZeros().toPlainString());
                        n.put("beneficiary", beneficiary);
                        n.put("graduatesInto", env.settings().uniswap().isPresent() ? "a Uniswap V2 pool (LP burned)" : "nothing: holders keep "
                                + "trading against the reserve");
                    });
                });
    }

    /**
     * Refuses a curve whose supply beyond {@code curveSupply} cannot seed the pool at the curve's
     * last price: the contract's {@code poolTokens} = ceil(R(S) · 1e18 / p(S)), computed as it does.
     */
    private static void requirePoolSupply(BigInteger total, BigInteger curve, BigInteger base, BigInteger slope, String symbol) {
        BigInteger reserve = curve.multiply(TWO_E18.multiply(base).add(slope.multiply(curve))).divide(TWO_E36);
        BigInteger price = base.add(slope.multiply(curve).divide(WHOLE_TOKEN));
        BigInteger[] qr = reserve.multiply(WHOLE_TOKEN).divideAndRemainder(price);
        BigInteger seed = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        if (seed.compareTo(total.subtract(curve)) > 0) {
            throw new ToolException("at graduation this curve seeds a Uniswap V2 pool at its last price, which needs " + Units.fromBase(seed, 18)
                    + " " + symbol + " beyond curve_supply; total_supply leaves only " + Units.fromBase(total.subtract(curve), 18)
                    + ". Raise total_supply to at least " + Units.fromBase(curve.add(seed), 18) + " or lower curve_supply");
        }
    }

    private static BigInteger feeBps(BigDecimal percent) {
        if (percent.signum() < 0 || percent.compareTo(MAX_FEE_PERCENT) > 0 || percent.stripTrailingZeros().scale() > 2) {
            throw new ToolException("argument 'fee_percent' must be between 0 and " + MAX_FEE_PERCENT + " with at most 2 decimals, got "
                    + percent.toPlainString());
        }
        return percent.movePointRight(2).toBigIntegerExact();
    }

    @Override
    List<Tool> tools() {
        return List.of(launchToken(), launchCurveToken());
    }
}
