package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.UniswapV2Addresses;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Reads a Uniswap V2 deployment for the swap tools: the assets a call names, the route between
 * them (the direct pair, else through WETH), the pools' reserves, the router's quotes, and whether
 * a token takes a fee on transfer. Every refusal is a {@link ToolException} that says what is
 * wrong in market terms. Thread-safe.
 */
final class UniswapMarket {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ToolEnv env;
    private final UniswapV2Addresses uniswap;
    private final BundleSimulator bundles;

    /**
     * One side of a swap.
     *
     * @param nativeCoin whether it is the chain's native coin (traded as WETH)
     * @param address the token, WETH for the native coin
     * @param symbol its symbol
     * @param decimals its decimals
     */
    record Asset(boolean nativeCoin, String address, String symbol, int decimals) {
        /** @return the spend-cap key: the native symbol, or the token address in lower case */
        String capKey() {
            return nativeCoin ? symbol : address.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One pool of a route.
     *
     * @param pair the pair contract
     * @param reserveIn reserve of the token going in
     * @param reserveOut reserve of the token coming out
     */
    record Hop(String pair, BigInteger reserveIn, BigInteger reserveOut) {
    }

    /**
     * The pools a swap goes through.
     *
     * @param path token addresses, first in, last out
     * @param hops one pool per step
     */
    record Route(List<String> path, List<Hop> hops) {
    }

    UniswapMarket(ToolEnv env, UniswapV2Addresses uniswap) {
        this.env = env;
        this.uniswap = uniswap;
        this.bundles = new BundleSimulator(env.rpc());
    }

    /** @return the router */
    String router() {
        return uniswap.router();
    }

    /**
     * Reads an asset argument: the native coin's symbol, a configured symbol or a token address.
     *
     * @param a the arguments
     * @param name the argument
     * @return the asset
     */
    Asset asset(ToolArguments a, String name) {
        String v = a.string(name).strip();
        if (v.equalsIgnoreCase(env.nativeSymbol())) {
            return new Asset(true, uniswap.weth(), env.nativeSymbol(), 18);
        }
        ContractReader.TokenMeta m = env.reader().meta(env.reader().tokenAddress(a, name));
        return new Asset(false, m.address(), m.symbol(), m.decimals());
    }

    /**
     * Finds the route between two assets: their pair when it holds liquidity, else through WETH.
     *
     * @param in the asset sold
     * @param out the asset bought
     * @return the route
     * @throws ToolException for the same asset twice, no pool, or only empty pools
     */
    Route route(Asset in, Asset out) {
        if (in.address().equalsIgnoreCase(out.address())) {
            throw new ToolException(in.nativeCoin() || out.nativeCoin()
                    ? in.symbol() + " and " + out.symbol() + " are the same asset on Uniswap (WETH wraps " + env.nativeSymbol()
                            + " one to one); swapping them would only pay fees"
                    : "token_in and token_out are the same token (" + in.symbol() + ")");
        }
        Optional<Hop> direct = hop(in.address(), out.address());
        if (direct.isPresent() && live(direct.get())) {
            return new Route(List.of(in.address(), out.address()), List.of(direct.get()));
        }
        String weth = uniswap.weth();
        if (!in.address().equalsIgnoreCase(weth) && !out.address().equalsIgnoreCase(weth)) {
            Optional<Hop> first = hop(in.address(), weth);
            Optional<Hop> second = hop(weth, out.address());
            if (first.isPresent() && second.isPresent() && live(first.get()) && live(second.get())) {
                return new Route(List.of(in.address(), weth, out.address()), List.of(first.get(), second.get()));
            }
        }
        String pairName = in.symbol() + "/" + out.symbol();
        if (direct.isPresent()) {
            throw new ToolException("the Uniswap V2 pool " + pairName + " (" + direct.get().pair() + ") is empty: it holds no liquidity to "
                    + "trade against, and there is no route through WETH either");
        }
        throw new ToolException("there is no Uniswap V2 pool for " + pairName + ", nor a route through WETH, on " + env.chain().name());
    }

    private static boolean live(Hop h) {
        return h.reserveIn().signum() > 0 && h.reserveOut().signum() > 0;
    }

    @SuppressWarnings("rawtypes")
    private Optional<Hop> hop(String tokenIn, String tokenOut) {
        List<Type> got = env.reader().view(uniswap.factory(), new Function("getPair", List.of(new Address(tokenIn), new Address(tokenOut)),
                List.of(TypeReference.create(Address.class))));
        String pair = (String) got.get(0).getValue();
        if (new BigInteger(pair.substring(2), 16).signum() == 0) {
            return Optional.empty();
        }
        List<List<Type>> v = env.reader().views(pair, List.of(
                new Function("getReserves", List.of(), List.of(TypeReference.create(Uint112.class), TypeReference.create(Uint112.class),
                        TypeReference.create(Uint32.class))),
                ContractReader.function("token0", Address.class)));
        BigInteger r0 = ContractReader.uint(v.get(0).get(0));
        BigInteger r1 = ContractReader.uint(v.get(0).get(1));
        boolean inIsToken0 = ((String) v.get(1).get(0).getValue()).equalsIgnoreCase(tokenIn);
        return Optional.of(new Hop(Keys.toChecksumAddress(pair), inIsToken0 ? r0 : r1, inIsToken0 ? r1 : r0));
    }

    /**
     * Quotes selling exactly {@code amountIn} along a route ({@code router.getAmountsOut}).
     *
     * @param amountIn base units sold
     * @param route the route
     * @return the amount at each step, the last one bought
     */
    List<BigInteger> amountsOut(BigInteger amountIn, Route route) {
        return amounts("getAmountsOut", amountIn, route);
    }

    /**
     * Quotes buying exactly {@code amountOut} along a route ({@code router.getAmountsIn}).
     *
     * @param amountOut base units bought
     * @param route the route
     * @param out the asset bought, for the message
     * @return the amount at each step, the first one sold
     * @throws ToolException if the last pool does not hold that much
     */
    List<BigInteger> amountsIn(BigInteger amountOut, Route route, Asset out) {
        BigInteger held = route.hops().get(route.hops().size() - 1).reserveOut();
        if (amountOut.compareTo(held) >= 0) {
            throw new ToolException("the pool holds only " + Units.fromBase(held, out.decimals()) + " " + out.symbol()
                    + "; it cannot sell " + Units.fromBase(amountOut, out.decimals()));
        }
        return amounts("getAmountsIn", amountOut, route);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<BigInteger> amounts(String function, BigInteger amount, Route route) {
        Function f = new Function(function, List.of(new Uint256(amount), path(route)),
                List.of((TypeReference) new TypeReference<DynamicArray<Uint256>>() {
                }));
        List<Type> v = env.reader().view(uniswap.router(), f);
        List<BigInteger> out = new ArrayList<>();
        for (Object o : ((DynamicArray<?>) v.get(0)).getValue()) {
            out.add(((Uint256) o).getValue());
        }
        return out;
    }

    /**
     * Encodes a route's path for the router.
     *
     * @param route the route
     * @return {@code address[]}
     */
    static DynamicArray<Address> path(Route route) {
        return new DynamicArray<>(Address.class, route.path().stream().map(Address::new).toList());
    }

    /**
     * Refuses a route through a token that takes a fee on transfer: simulates, from each pool, a
     * transfer of a thousandth of its reserve to a fresh address and reads what arrived. Skipped on
     * a node without {@code eth_simulateV1} (the swap's own simulation then fails on Uniswap's
     * {@code K} check for such a token sold).
     *
     * @param route the route
     * @param assets the route's assets by address, for messages
     * @throws ToolException naming the token and what it kept
     */
    void refuseFeeOnTransfer(Route route, List<Asset> assets) {
        for (int i = 0; i < route.hops().size(); i++) {
            Hop hop = route.hops().get(i);
            probe(route.path().get(i), hop.pair(), hop.reserveIn(), assets);
            probe(route.path().get(i + 1), hop.pair(), hop.reserveOut(), assets);
        }
    }

    private void probe(String token, String pair, BigInteger reserve, List<Asset> assets) {
        if (token.equalsIgnoreCase(uniswap.weth())) {
            return;
        }
        BigInteger sent = reserve.divide(BigInteger.valueOf(1000)).max(BigInteger.ONE);
        byte[] fresh = new byte[20];
        RANDOM.nextBytes(fresh);
        String probe = Numeric.toHexString(fresh);
        String transfer = FunctionEncoder.encode(new Function("transfer", List.of(new Address(probe), new Uint256(sent)), List.of()));
        String balance = FunctionEncoder.encode(ContractReader.uints("balanceOf", List.of(new Address(probe)), 1));
        Optional<List<BundleSimulator.Result>> r = bundles.simulate(List.of(new BundleSimulator.Call(pair, token, BigInteger.ZERO, transfer),
                new BundleSimulator.Call(pair, token, BigInteger.ZERO, balance)));
        if (r.isEmpty() || !r.get().get(0).succeeded() || !r.get().get(1).succeeded()) {
            return;
        }
        BigInteger arrived = Numeric.toBigInt(r.get().get(1).returnData());
        if (arrived.compareTo(sent) < 0) {
            String symbol = assets.stream().filter(x -> x.address().equalsIgnoreCase(token)).map(Asset::symbol).findFirst().orElse(token);
            throw new ToolException("token " + symbol + " (" + token + ") takes a fee on transfer: of " + sent + " base units sent, "
                    + arrived + " arrived. Uniswap V2 quotes and slippage bounds are wrong for such tokens, so this tool does not trade them");
        }
    }

    /**
     * Simulates an approval and the call that spends it, in sequence.
     *
     * @param approval the approval
     * @param then the call after it
     * @return the gas the second call used
     * @throws ToolException if either fails (decoded reason) or the node cannot simulate both
     */
    BigInteger gasAfter(BundleSimulator.Call approval, BundleSimulator.Call then) {
        List<BundleSimulator.Result> r = bundles.simulate(List.of(approval, then)).orElseThrow(() -> new ToolException(
                "this node cannot simulate an approval and a swap together (eth_simulateV1), so the swap cannot be checked before "
                        + "sending; approve the router " + uniswap.router() + " first with approve_token, then swap"));
        for (BundleSimulator.Result x : r) {
            if (!x.succeeded()) {
                throw new ToolException("simulation failed, nothing was sent: reverted: " + Reverts.decode(x.returnData()));
            }
        }
        return r.get(1).gasUsed();
    }
}
