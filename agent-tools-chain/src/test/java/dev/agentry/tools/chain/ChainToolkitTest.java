package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.Secret;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;

/** The chain tools against a real Anvil node; balances are checked with independent JSON-RPC calls. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainToolkitTest {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private Anvil anvil;
    private ChainToolkit chain;

    @BeforeAll
    void start() {
        anvil = Anvil.start();
        chain = toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "test key 0")), b -> {
        });
    }

    @AfterAll
    void stop() {
        chain.close();
        anvil.close();
    }

    static ChainToolkit toolkit(String url, Wallet wallet, java.util.function.Consumer<ChainToolkit.Builder> extra) {
        ChainToolkit.Builder b = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(url).wallet(wallet)
                .receiptPollInterval(Duration.ofMillis(20)).receiptTimeout(Duration.ofSeconds(60));
        extra.accept(b);
        return b.build();
    }

    static String run(ChainToolkit chain, String tool, String args) throws Exception {
        return run(chain, tool, args, new TestContext());
    }

    static String run(ChainToolkit chain, String tool, String args, ToolContext ctx) throws Exception {
        return chain.tools(tool).get(0).execute(ToolArguments.parse(args), ctx);
    }

    static JsonNode runJson(ChainToolkit chain, String tool, String args) throws Exception {
        return JsonRpc.parse(run(chain, tool, args));
    }

    static String freshAddress() {
        byte[] b = new byte[20];
        new java.security.SecureRandom().nextBytes(b);
        return Keys.toChecksumAddress(Numeric.toHexString(b));
    }

    @Test
    void refusesANodeOfAnotherChain() {
        assertThatThrownBy(() -> ChainToolkit.builder().chain(Chain.BASE).rpcUrl(anvil.url())
                .wallet(Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k"))).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("serves chain id 31337").hasMessageContaining("8453");
    }

    @Test
    void builderFailsFast() {
        assertThatThrownBy(() -> ChainToolkit.builder().chain(Chain.ANVIL).chain(Chain.BASE)).hasMessageContaining("chain was already set");
        assertThatThrownBy(() -> ChainToolkit.builder().rpcUrl("ftp://x")).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> ChainToolkit.builder().chain(Chain.ANVIL).build()).hasMessageContaining("rpcUrl is required");
        assertThatThrownBy(() -> ChainToolkit.builder().maxFeePerGasGwei(BigDecimal.ZERO)).hasMessage("maxFeePerGasGwei must be positive, got 0");
        assertThatThrownBy(() -> ChainToolkit.builder().slippagePercent(new BigDecimal("0.5")).slippagePercent(BigDecimal.ONE))
                .isInstanceOf(IllegalStateException.class).hasMessage("slippagePercent was already set");
        assertThatThrownBy(() -> ChainToolkit.builder().slippagePercent(new BigDecimal("51")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("slippagePercent must be greater than 0 and at most 50, got 51");
        assertThatThrownBy(() -> ChainToolkit.builder().tradeDeadline(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tradeDeadline must be between 10 seconds and 1 day, got PT5S");
        assertThatThrownBy(() -> ChainToolkit.builder().gasMargin(null)).isInstanceOf(NullPointerException.class).hasMessage("gasMargin");
    }

    @Test
    void presets() {
        assertThat(Chain.preset("base").id()).isEqualTo(8453);
        assertThat(Chain.preset("BASE_SEPOLIA").id()).isEqualTo(84532);
        assertThat(Chain.preset("ethereum").id()).isEqualTo(1);
        assertThat(Chain.preset("sepolia").id()).isEqualTo(11155111);
        assertThat(Chain.preset("anvil").id()).isEqualTo(31337);
        assertThat(Chain.BASE.transactionUrl("0xab")).contains("https://basescan.org/tx/0xab");
        assertThatThrownBy(() -> Chain.preset("solana")).hasMessageContaining("solana");
    }

    @Test
    void toolsHaveSnakeCaseNamesAndEffects() {
        List<String> names = chain.tools().stream().map(Tool::name).toList();
        assertThat(names).containsExactly("wallet_address", "native_balance", "token_balance", "token_info", "transfer_native",
                "transfer_token", "approve_token", "sign_message", "sign_typed_data", "transaction_status", "launch_token",
                "launch_curve_token", "curve_quote", "curve_buy", "curve_buy_exact", "curve_sell", "curve_status", "curve_withdraw_fees");
        assertThat(chain.tools("transfer_native", "transfer_token", "approve_token", "launch_token", "launch_curve_token", "curve_buy",
                "curve_buy_exact", "curve_sell", "curve_withdraw_fees")).extracting(Tool::effect).containsOnly(Effect.FUNDS);
        // a signature is authority: both signing tools are SIGN, never POST (offered to untrusted authors) nor READ
        assertThat(chain.tools("sign_message", "sign_typed_data")).extracting(Tool::effect).containsOnly(Effect.SIGN);
        assertThat(chain.tools("wallet_address", "native_balance", "token_balance", "token_info", "transaction_status", "curve_quote",
                "curve_status")).extracting(Tool::effect).containsOnly(Effect.READ);
    }

    @Test
    void transferNativeMovesExactlyTheAmount() throws Exception {
        String to = freshAddress();
        BigInteger before = JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0);
        Tool transfer = chain.tools("transfer_native").get(0);
        ToolArguments args = ToolArguments.parse("{\"to\":\"" + to + "\",\"amount\":\"1.5\"}");
        TestContext ctx = new TestContext();
        List<Spend> declared = transfer.spends(args, ctx);
        assertThat(declared).hasSize(2);
        assertThat(declared.get(0)).isEqualTo(Spend.of("ETH", new BigDecimal("1.5"), to));
        // the worst-case fee: 21000 gas at the highest max fee per gas, in ETH, no recipient
        Spend worstFee = declared.get(1);
        assertThat(worstFee.asset()).isEqualTo("ETH");
        assertThat(worstFee.recipient()).isEmpty();
        assertThat(worstFee.amount()).isPositive();
        assertThat(worstFee.amount().movePointRight(18).toBigIntegerExact().mod(BigInteger.valueOf(21_000))).isZero();

        JsonNode r = JsonRpc.parse(transfer.execute(args, ctx));
        assertThat(r.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.balance(anvil.url(), to)).isEqualTo(ETH.multiply(BigInteger.valueOf(15)).divide(BigInteger.TEN));
        JsonNode receipt = JsonRpc.receipt(anvil.url(), r.get("txHash").asString());
        BigInteger fee = JsonRpc.quantity(receipt.get("gasUsed")).multiply(JsonRpc.quantity(receipt.get("effectiveGasPrice")));
        // settled with the real fee, never more than the worst case declared
        BigDecimal realFee = new BigDecimal(fee, 18).stripTrailingZeros();
        assertThat(ctx.settled).containsExactly(Spend.of("ETH", new BigDecimal("1.5"), to), Spend.of("ETH", realFee));
        assertThat(realFee).isPositive().isLessThanOrEqualTo(worstFee.amount());
        assertThat(r.get("gasFee").asString()).isEqualTo(realFee.toPlainString());
        assertThat(JsonRpc.balance(anvil.url(), Anvil.ADDRESS_0))
                .isEqualTo(before.subtract(new BigInteger("1500000000000000000")).subtract(fee));
        assertThat(r.get("gasUsed").asString()).isEqualTo("21000");

        JsonNode bal = runJson(chain, "native_balance", "{\"address\":\"" + to + "\"}");
        assertThat(bal.get("balance").asString()).isEqualTo("1.5");
        JsonNode status = runJson(chain, "transaction_status", "{\"hash\":\"" + r.get("txHash").asString() + "\"}");
        assertThat(status.get("status").asString()).isEqualTo("success");
    }

    @Test
    void amountsAndAddressesAreValidated() {
        String to = freshAddress();
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.0000000000000000001\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("more decimals than ETH supports (18)");
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"-1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"1000000000000000000000000000000000\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("absurdly large");
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"1e3\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("decimal number");
        String mixed = "0xf39fd6e51aad88F6F4ce6aB8827279cffFb92266"; // valid is 0xf39Fd6e5...
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + mixed + "\",\"amount\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"0x1234\",\"amount\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("0x1234");
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"0x0000000000000000000000000000000000000000\",\"amount\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("zero address");
    }

    @Test
    void launchesATokenAndMovesIt() throws Exception {
        JsonNode launch = runJson(chain, "launch_token", "{\"name\":\"Tip Token\",\"symbol\":\"TIP\",\"supply\":\"1000000\"}");
        assertThat(launch.get("status").asString()).isEqualTo("success");
        String token = launch.get("token").asString();
        List<Spend> launchSpends = chain.tools("launch_token").get(0).spends(
                ToolArguments.parse("{\"name\":\"Tip Token\",\"symbol\":\"TIP\",\"supply\":\"5\"}"), new TestContext());
        // owned by the agent itself: no recipient; plus the deployment's worst-case fee
        assertThat(launchSpends.get(0)).isEqualTo(Spend.of("launch", BigDecimal.ONE));
        assertThat(launchSpends.get(1).asset()).isEqualTo("ETH");
        assertThat(launchSpends.get(1).amount()).isPositive();
        assertThat(launchSpends).hasSize(2);

        JsonNode info = runJson(chain, "token_info", "{\"token\":\"" + token + "\"}");
        assertThat(info.get("name").asString()).isEqualTo("Tip Token");
        assertThat(info.get("symbol").asString()).isEqualTo("TIP");
        assertThat(info.get("decimals").asInt()).isEqualTo(18);
        assertThat(info.get("totalSupply").asString()).isEqualTo("1000000");
        assertThat(JsonRpc.tokenBalance(anvil.url(), token, Anvil.ADDRESS_0)).isEqualTo(ETH.multiply(BigInteger.valueOf(1_000_000)));

        String to = freshAddress();
        Tool transfer = chain.tools("transfer_token").get(0);
        ToolArguments args = ToolArguments.parse("{\"token\":\"" + token + "\",\"to\":\"" + to + "\",\"amount\":\"12.5\"}");
        assertThat(transfer.spends(args, new TestContext()).get(0)).isEqualTo(Spend.of(token.toLowerCase(), new BigDecimal("12.5"), to));
        JsonNode sent = JsonRpc.parse(transfer.execute(args, new TestContext()));
        assertThat(sent.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.tokenBalance(anvil.url(), token, to)).isEqualTo(new BigInteger("12500000000000000000"));
        assertThat(runJson(chain, "token_balance", "{\"token\":\"" + token + "\",\"address\":\"" + to + "\"}").get("balance").asString())
                .isEqualTo("12.5");

        // a custom OpenZeppelin error, decoded from the simulation
        assertThatThrownBy(() -> run(chain, "transfer_token", "{\"token\":\"" + token + "\",\"to\":\"" + to + "\",\"amount\":\"1000001\"}"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("simulation failed, nothing was sent: reverted: ERC20InsufficientBalance(sender=0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266, balance=999987500000000000000000, needed=1000001000000000000000000)");
        assertThatThrownBy(() -> run(chain, "transfer_token", "{\"token\":\"" + token + "\",\"to\":\"" + token + "\",\"amount\":\"1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("token contract itself");

        // a plain ETH transfer to a contract without receive(): simulated in full, refused, nothing sent
        long nonceBefore = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + token + "\",\"amount\":\"0.1\"}"))
                .isInstanceOf(ToolException.class).hasMessageContaining("simulation failed, nothing was sent");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonceBefore);

        JsonNode approve = runJson(chain, "approve_token", "{\"token\":\"" + token + "\",\"spender\":\"" + Anvil.ADDRESS_1 + "\",\"amount\":\"5\"}");
        assertThat(approve.get("status").asString()).isEqualTo("success");
        assertThat(runJson(chain, "token_balance", "{\"token\":\"" + token + "\"}").get("balance").asString()).isEqualTo("999987.5");
    }

    @Test
    void configuredTokenSymbols() throws Exception {
        String token = runJson(chain, "launch_token", "{\"name\":\"Sym\",\"symbol\":\"SYM\",\"supply\":\"10\"}").get("token").asString();
        try (ChainToolkit withSymbol = toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k")), b -> b.token("sym", token))) {
            assertThat(runJson(withSymbol, "token_balance", "{\"token\":\"SYM\"}").get("balance").asString()).isEqualTo("10");
            assertThatThrownBy(() -> run(withSymbol, "token_balance", "{\"token\":\"NOPE\"}")).hasMessageContaining("[SYM]");
        }
    }

    @Test
    void signsMessagesAndTypedData() throws Exception {
        JsonNode r = runJson(chain, "sign_message", "{\"message\":\"hello agent\"}");
        Sign.SignatureData sig = Sign.signatureDataFromHex(r.get("signature").asString());
        BigInteger pub = Sign.signedPrefixedMessageToKey("hello agent".getBytes(java.nio.charset.StandardCharsets.UTF_8), sig);
        assertThat(Keys.toChecksumAddress(Keys.getAddress(pub))).isEqualTo(Anvil.ADDRESS_0);

        String typed = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
                 "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
                 "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
                 "primaryType":"Mail",
                 "domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
                 "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
                """;
        Tool signTyped = chain.tools("sign_typed_data").get(0);
        String argsJson = Contracts_JSON.object("typed_data", typed);
        JsonNode t = JsonRpc.parse(signTyped.execute(ToolArguments.parse(argsJson), new TestContext()));
        byte[] hash = new org.web3j.crypto.StructuredDataEncoder(typed).hashStructuredData();
        BigInteger pub2 = Sign.signedMessageHashToKey(hash, Sign.signatureDataFromHex(t.get("signature").asString()));
        assertThat(Keys.toChecksumAddress(Keys.getAddress(pub2))).isEqualTo(Anvil.ADDRESS_0);
        assertThatThrownBy(() -> signTyped.execute(ToolArguments.parse(Contracts_JSON.object("typed_data", "{\"nope\":1}")), new TestContext()))
                .isInstanceOf(ToolException.class).hasMessageContaining("typed_data");
    }

    /** Tiny JSON helper for string arguments that contain JSON. */
    static final class Contracts_JSON {
        static String object(String key, String value) {
            var n = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
            n.put(key, value);
            return n.toString();
        }
    }

    @Test
    void insufficientFundsIsAClearError() {
        Wallet empty;
        try {
            empty = Wallet.fromPrivateKey(Secret.of(Numeric.toHexStringNoPrefixZeroPadded(Keys.createEcKeyPair().getPrivateKey(), 64), "fresh"));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        try (ChainToolkit poor = toolkit(anvil.url(), empty, b -> {
        })) {
            assertThatThrownBy(() -> run(poor, "transfer_native", "{\"to\":\"" + Anvil.ADDRESS_1 + "\",\"amount\":\"1\"}"))
                    .isInstanceOf(ToolException.class).hasMessageContaining("insufficient funds: balance 0 ETH").hasMessageContaining("nothing was sent");
            assertThat(JsonRpc.nonce(anvil.url(), empty.address())).isZero();
        }
    }

    @Test
    void gasPriceAboveTheCapSendsNothing() {
        try (ChainToolkit capped = toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_1, "k1")),
                b -> b.maxFeePerGasGwei(new BigDecimal("0.000000001")))) {
            long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_1);
            assertThatThrownBy(() -> run(capped, "transfer_native", "{\"to\":\"" + Anvil.ADDRESS_2 + "\",\"amount\":\"0.1\"}"))
                    .isInstanceOf(ToolException.class).hasMessageContaining("gas price too high")
                    .hasMessageContaining("above the configured cap of 0.000000001 gwei").hasMessageContaining("nothing was sent");
            assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_1)).isEqualTo(nonce);
        }
    }

    @Test
    void interruptedAttemptIsReconciledNotResent() throws Exception {
        String to = freshAddress();
        TestContext first = new TestContext();
        JsonNode r = JsonRpc.parse(run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.25\"}", first));
        assertThat(first.checkpoints).containsKeys("tx.hash", "tx.nonce", "tx.raw", "tx.from");
        assertThat(first.checkpoints.get("tx.hash")).isEqualTo(r.get("txHash").asString());
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);

        // the process "died" after broadcasting and before the journal said DONE
        TestContext again = TestContext.interruptedWith(first.checkpoints);
        // declaring its spends reads the worst-case fee from the checkpointed transaction: 21000 gas at its fee ceiling
        List<Spend> resumed = chain.tools("transfer_native").get(0).spends(
                ToolArguments.parse("{\"to\":\"" + to + "\",\"amount\":\"0.25\"}"), again);
        assertThat(resumed.get(0)).isEqualTo(Spend.of("ETH", new BigDecimal("0.25"), to));
        BigInteger ceiling = ((org.web3j.crypto.transaction.type.Transaction1559) org.web3j.crypto.TransactionDecoder
                .decode(first.checkpoints.get("tx.raw")).getTransaction()).getMaxFeePerGas();
        for (int bump = 0; bump < 3; bump++) {   // up to three replacements of a stuck transaction, 10% + 1 wei each, under the 100 gwei cap
            BigInteger next = ceiling.multiply(BigInteger.valueOf(11)).divide(BigInteger.TEN).add(BigInteger.ONE);
            ceiling = next.compareTo(BigInteger.TEN.pow(11)) <= 0 ? next : ceiling;
        }
        assertThat(resumed.get(1)).isEqualTo(Spend.of("ETH", new BigDecimal(BigInteger.valueOf(21_000).multiply(ceiling), 18).stripTrailingZeros()));
        JsonNode r2 = JsonRpc.parse(run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.25\"}", again));
        assertThat(again.settled).hasSize(2);
        assertThat(r2.get("txHash").asString()).isEqualTo(r.get("txHash").asString());
        assertThat(r2.get("note").asString()).contains("interrupted");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);
        assertThat(JsonRpc.balance(anvil.url(), to)).isEqualTo(ETH.divide(BigInteger.valueOf(4)));
    }

    @Test
    void interruptedBeforeBroadcastRebroadcastsTheSameSignedTransaction() throws Exception {
        String to = freshAddress();
        Map<String, String> saved = new HashMap<>();
        ToolContext dying = new TestContext() {
            @Override
            public void checkpoint(Map<String, String> details) {
                saved.putAll(details);
                throw new IllegalStateException("process killed after the checkpoint");
            }
        };
        long nonce = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0);
        assertThatThrownBy(() -> run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.5\"}", dying))
                .hasMessageContaining("process killed");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce);

        JsonNode r = JsonRpc.parse(run(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.5\"}", TestContext.interruptedWith(saved)));
        assertThat(r.get("txHash").asString()).isEqualTo(saved.get("tx.hash"));
        assertThat(r.get("status").asString()).isEqualTo("success");
        assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_0)).isEqualTo(nonce + 1);
        assertThat(JsonRpc.balance(anvil.url(), to)).isEqualTo(ETH.divide(BigInteger.TWO));
        // and the toolkit goes on sending with the following nonce
        JsonNode next = runJson(chain, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"0.5\"}");
        assertThat(next.get("nonce").asLong()).isEqualTo(nonce + 1);
    }

    @Test
    void connectionRefusedAndNodeRestart() throws Exception {
        try (Anvil node = Anvil.start()) {
            try (ChainToolkit c = toolkit(node.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k")), b -> {
            })) {
                String to = freshAddress();
                assertThat(runJson(c, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"1\"}").get("nonce").asLong()).isZero();
                assertThat(runJson(c, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"1\"}").get("nonce").asLong()).isEqualTo(1);
                node.kill();
                assertThatThrownBy(() -> run(c, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"1\"}"))
                        .isInstanceOf(ToolException.class).hasMessageContaining("unreachable (connection refused)");
                assertThatThrownBy(() -> run(c, "native_balance", "{}"))
                        .isInstanceOf(ToolException.class).hasMessageContaining("connection refused");
                node.relaunch();   // a fresh chain on the same port: nonces start at 0 again
                JsonNode after = runJson(c, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"1\"}");
                assertThat(after.get("status").asString()).isEqualTo("success");
                assertThat(after.get("nonce").asLong()).isZero();
                // restart without any failed call in between
                node.kill();
                node.relaunch();
                JsonNode again = runJson(c, "transfer_native", "{\"to\":\"" + to + "\",\"amount\":\"1\"}");
                assertThat(again.get("nonce").asLong()).isZero();
                assertThat(JsonRpc.balance(node.url(), to)).isEqualTo(ETH);
            }
        }
    }

    @Test
    void unreachableNodeAtStartIsAClearError() {
        assertThatThrownBy(() -> ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl("http://127.0.0.1:1")
                .wallet(Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k"))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("connection refused");
    }

    @Test
    void walletAddressTool() throws Exception {
        JsonNode r = runJson(chain, "wallet_address", "{}");
        assertThat(r.get("address").asString()).isEqualTo(Anvil.ADDRESS_0);
        assertThat(r.get("chainId").asLong()).isEqualTo(31337);
        assertThat(Optional.of(chain.address())).contains(Anvil.ADDRESS_0);
    }
}
