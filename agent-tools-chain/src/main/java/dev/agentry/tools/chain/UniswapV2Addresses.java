package dev.agentry.tools.chain;

import java.util.Locale;
import java.util.Objects;

/**
 * Where Uniswap V2 lives on a chain: its factory, its {@code UniswapV2Router02} and the wrapped
 * native coin the router trades against. {@link Chain#uniswapV2()} knows the official deployments
 * on Ethereum and Base; a local node gets its own from the test kit's {@code UniswapV2}.
 *
 * @param factory the {@code UniswapV2Factory}
 * @param router the {@code UniswapV2Router02}
 * @param weth the wrapped native coin ({@code router.WETH()})
 */
public record UniswapV2Addresses(String factory, String router, String weth) {

    /** Uniswap's deployment on Ethereum mainnet (docs.uniswap.org, "V2 Deployment Addresses"; WETH9). */
    public static final UniswapV2Addresses ETHEREUM = new UniswapV2Addresses("0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f",
            "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2");
    /** Uniswap's deployment on Base (docs.uniswap.org and docs.base.org; WETH is the OP-stack predeploy). */
    public static final UniswapV2Addresses BASE = new UniswapV2Addresses("0x8909Dc15e40173Ff4699343b6eB8132c65e18eC6",
            "0x4752ba5DBc23f44D87826276BF6Fd6b1C372aD24", "0x4200000000000000000000000000000000000006");

    /** Checks that each is an address (0x and 40 hex digits) and that they differ. */
    public UniswapV2Addresses {
        factory = checked("factory", factory);
        router = checked("router", router);
        weth = checked("weth", weth);
        if (factory.equalsIgnoreCase(router) || factory.equalsIgnoreCase(weth) || router.equalsIgnoreCase(weth)) {
            throw new IllegalArgumentException("uniswapV2 factory, router and weth must be three different contracts, got "
                    + factory + ", " + router + ", " + weth);
        }
    }

    private static String checked(String name, String value) {
        Objects.requireNonNull(value, name);
        String v = value.strip();
        if (!v.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("uniswapV2." + name + " must be 0x followed by 40 hex digits, got \"" + value + "\"");
        }
        return org.web3j.crypto.Keys.toChecksumAddress(v.toLowerCase(Locale.ROOT));
    }
}
