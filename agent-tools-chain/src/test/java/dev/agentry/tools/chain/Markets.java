package dev.agentry.tools.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.testkit.UniswapV2;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Keys;

/** Uniswap V2 on a test's Anvil: the deployment, tokens and pools set up from unlocked dev accounts, and independent reads. */
final class Markets {
    static final BigInteger FAR_DEADLINE = BigInteger.valueOf(4_000_000_000L);

    private Markets() {
    }

    static UniswapV2Addresses deploy(String url) {
        UniswapV2 u = UniswapV2.deploy(url);
        return new UniswapV2Addresses(u.factory(), u.router(), u.weth());
    }

    static BigInteger units(String whole) {
        return new BigDecimal(whole).movePointRight(18).toBigIntegerExact();
    }

    /** Deploys a test token ({@code PlainToken} or {@code FeeOnTransferToken}) minted to {@code from}. */
    @SuppressWarnings("rawtypes")
    static String token(String url, String from, String contract, String symbol, String supply) {
        List<Type> args = contract.equals("PlainToken")
                ? List.of(new Utf8String(symbol + " token"), new Utf8String(symbol), new Uint256(units(supply)))
                : List.of(new Uint256(units(supply)));
        return TestContracts.deploy(url, from, contract, BigInteger.ZERO, args);
    }

    static void ok(org.web3j.abi.datatypes.Function f, tools.jackson.databind.JsonNode receipt) {
        assertThat(TestContracts.succeeded(receipt)).as(f.getName() + ": " + receipt).isTrue();
    }

    /** Adds liquidity to the token/WETH pool from {@code from}: {@code tokens} whole tokens against {@code eth}. */
    static void addLiquidityEth(String url, UniswapV2Addresses u, String from, String token, String tokens, String eth) {
        send(url, from, token, BigInteger.ZERO, new Function("approve", List.of(new Address(u.router()), new Uint256(units(tokens))), List.of()));
        send(url, from, u.router(), units(eth), new Function("addLiquidityETH", List.of(new Address(token), new Uint256(units(tokens)),
                new Uint256(BigInteger.ZERO), new Uint256(BigInteger.ZERO), new Address(from), new Uint256(FAR_DEADLINE)), List.of()));
    }

    static void send(String url, String from, String to, BigInteger value, Function f) {
        ok(f, JsonRpc.send(url, from, to, value, FunctionEncoder.encode(f)));
    }

    /** Creates the pair without liquidity. */
    static String createPair(String url, UniswapV2Addresses u, String from, String a, String b) {
        send(url, from, u.factory(), BigInteger.ZERO, new Function("createPair", List.of(new Address(a), new Address(b)), List.of()));
        return pair(url, u, a, b);
    }

    @SuppressWarnings("rawtypes")
    static String pair(String url, UniswapV2Addresses u, String a, String b) {
        Function f = new Function("getPair", List.of(new Address(a), new Address(b)), List.of(TypeReference.create(Address.class)));
        List<Type> out = FunctionReturnDecoder.decode(JsonRpc.ethCall(url, a, u.factory(), FunctionEncoder.encode(f)), f.getOutputParameters());
        return Keys.toChecksumAddress((String) out.get(0).getValue());
    }

    /** The pair's reserves of {@code token} and of the other token. */
    @SuppressWarnings("rawtypes")
    static BigInteger[] reserves(String url, String pair, String token) {
        Function f = new Function("getReserves", List.of(), List.of(TypeReference.create(Uint112.class), TypeReference.create(Uint112.class),
                TypeReference.create(Uint32.class)));
        List<Type> r = FunctionReturnDecoder.decode(JsonRpc.ethCall(url, pair, pair, FunctionEncoder.encode(f)), f.getOutputParameters());
        Function t0 = new Function("token0", List.of(), List.of(TypeReference.create(Address.class)));
        String token0 = (String) FunctionReturnDecoder.decode(JsonRpc.ethCall(url, pair, pair, FunctionEncoder.encode(t0)),
                t0.getOutputParameters()).get(0).getValue();
        BigInteger r0 = (BigInteger) r.get(0).getValue();
        BigInteger r1 = (BigInteger) r.get(1).getValue();
        return token0.equalsIgnoreCase(token) ? new BigInteger[] {r0, r1} : new BigInteger[] {r1, r0};
    }

    static BigInteger allowance(String url, String token, String owner, String spender) {
        return TestContracts.uint(url, token, "allowance", new Address(owner), new Address(spender));
    }

    /** {@code router.getAmountsOut} read independently. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static BigInteger amountOut(String url, UniswapV2Addresses u, BigInteger in, String... path) {
        Function f = new Function("getAmountsOut", List.of(new Uint256(in), new DynamicArray<>(Address.class,
                java.util.Arrays.stream(path).map(Address::new).toList())), List.of((TypeReference) new TypeReference<DynamicArray<Uint256>>() {
                }));
        List<Type> r = FunctionReturnDecoder.decode(JsonRpc.ethCall(url, u.router(), u.router(), FunctionEncoder.encode(f)), f.getOutputParameters());
        List<Uint256> amounts = ((DynamicArray<Uint256>) r.get(0)).getValue();
        return amounts.get(amounts.size() - 1).getValue();
    }
}
