package dev.agentry.tools.chain.internal;

import dev.agentry.tools.chain.UniswapV2Addresses;
import java.util.List;

/** Checks a configured Uniswap V2 deployment against the chain: the router must report its factory and WETH. */
public final class UniswapV2Check {
    private UniswapV2Check() {
    }

    /**
     * Reads {@code router.factory()} and {@code router.WETH()} and compares them.
     *
     * @param rpc the node
     * @param u the configured deployment
     * @throws IllegalStateException naming what differs, or that the router cannot be read
     */
    public static void require(Rpc rpc, UniswapV2Addresses u) {
        String factory;
        String weth;
        try {
            factory = word(rpc.call(u.router(), u.router(), "0xc45a0155"));
            weth = word(rpc.call(u.router(), u.router(), "0xad5c4648"));
        } catch (RpcException e) {
            throw new IllegalStateException("cannot read the Uniswap V2 router " + u.router() + ": " + e.describe());
        }
        for (var check : List.of(List.of("factory", u.factory(), factory), List.of("WETH", u.weth(), weth))) {
            if (!check.get(1).equalsIgnoreCase(check.get(2))) {
                throw new IllegalStateException("the Uniswap V2 router " + u.router() + " reports " + check.get(0) + " " + check.get(2)
                        + ", not the configured " + check.get(1));
            }
        }
    }

    private static String word(String hex) {
        if (hex == null || hex.length() < 66) {
            return "no contract";
        }
        return "0x" + hex.substring(hex.length() - 40);
    }
}
