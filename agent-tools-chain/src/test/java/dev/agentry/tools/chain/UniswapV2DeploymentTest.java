package dev.agentry.tools.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Secret;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.UniswapV2;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The test kit's Uniswap V2 from the npm artifacts: the router's hard-coded pair init-code hash
 * names the pairs this factory creates (so {@code pairFor} and {@code getPair} agree and the router
 * quotes), and the chain presets carry Uniswap's real addresses.
 */
class UniswapV2DeploymentTest {

    @Test
    void theRouterFindsThePairsOfTheDeployedFactory() {
        try (Anvil anvil = Anvil.start()) {
            UniswapV2 uniswap = UniswapV2.deploy(anvil.url());
            assertThat(uniswap.pairInitCodeHash()).isEqualTo(UniswapV2.MAINNET_PAIR_INIT_CODE_HASH);
            UniswapV2Addresses u = new UniswapV2Addresses(uniswap.factory(), uniswap.router(), uniswap.weth());
            String token = Markets.token(anvil.url(), Anvil.ADDRESS_1, "PlainToken", "PAIR", "1000");
            Markets.addLiquidityEth(anvil.url(), u, Anvil.ADDRESS_1, token, "100", "1");
            String pair = Markets.pair(anvil.url(), u, token, u.weth());

            // CREATE2: keccak(0xff ++ factory ++ keccak(token0 ++ token1) ++ initCodeHash)[12:]
            String a = token.toLowerCase().compareTo(u.weth().toLowerCase()) < 0 ? token : u.weth();
            String b = a.equals(token) ? u.weth() : token;
            byte[] salt = Hash.sha3(Numeric.hexStringToByteArray(a.substring(2) + b.substring(2)));
            String preimage = "ff" + u.factory().substring(2) + Numeric.toHexStringNoPrefix(salt) + uniswap.pairInitCodeHash().substring(2);
            String computed = Keys.toChecksumAddress("0x" + Numeric.toHexStringNoPrefix(Hash.sha3(Numeric.hexStringToByteArray(preimage))).substring(24));
            assertThat(computed).isEqualTo(pair);

            // the router's library finds it: a quote through it equals x*997*R_out / (R_in*1000 + x*997)
            BigInteger in = BigInteger.TEN.pow(17);
            BigInteger[] r = Markets.reserves(anvil.url(), pair, u.weth());
            BigInteger expected = in.multiply(BigInteger.valueOf(997)).multiply(r[1])
                    .divide(r[0].multiply(BigInteger.valueOf(1000)).add(in.multiply(BigInteger.valueOf(997))));
            assertThat(Markets.amountOut(anvil.url(), u, in, u.weth(), token)).isEqualTo(expected).isPositive();

            // the toolkit accepts this deployment and refuses one whose router reports another factory
            try (ChainToolkit ok = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), x -> x.uniswapV2(u))) {
                assertThat(ok.tools()).extracting(dev.agentry.core.Tool::name).contains("swap_quote", "swap_exact_in", "swap_exact_out");
            }
            UniswapV2Addresses wrong = new UniswapV2Addresses(token, u.router(), u.weth());
            assertThatThrownBy(() -> ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k0")), x -> x.uniswapV2(wrong)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the Uniswap V2 router " + u.router() + " reports factory " + u.factory().toLowerCase() + ", not the configured "
                            + token);
        }
    }

    @Test
    void presetsKnowUniswapsRealAddresses() {
        assertThat(Chain.ETHEREUM.uniswapV2()).contains(new UniswapV2Addresses("0x5C69bEe701ef814a2B6a3EDD4B1652CB9cc5aA6f",
                "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"));
        assertThat(Chain.BASE.uniswapV2()).contains(new UniswapV2Addresses("0x8909Dc15e40173Ff4699343b6eB8132c65e18eC6",
                "0x4752ba5DBc23f44D87826276BF6Fd6b1C372aD24", "0x4200000000000000000000000000000000000006"));
        assertThat(Chain.ANVIL.uniswapV2()).isEmpty();
        assertThat(Chain.SEPOLIA.uniswapV2()).isEmpty();
        assertThatThrownBy(() -> new UniswapV2Addresses("0x1", "0x2", "0x3")).hasMessage("uniswapV2.factory must be 0x followed by 40 hex digits, got \"0x1\"");
        String x = "0x" + "1".repeat(40);
        assertThatThrownBy(() -> new UniswapV2Addresses(x, x, "0x" + "2".repeat(40))).hasMessageContaining("three different contracts");
    }
}
