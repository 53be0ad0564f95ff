package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.internal.Fees;
import dev.agentry.tools.chain.internal.NonceManager;
import dev.agentry.tools.chain.internal.Rpc;
import dev.agentry.tools.chain.internal.TxOutcome;
import dev.agentry.tools.chain.internal.TxRequest;
import dev.agentry.tools.chain.internal.TxSender;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import tools.jackson.databind.JsonNode;

/** Many concurrent sends from one account against a real Anvil node. */
class ConcurrentSendTest {

    @Test
    void twoHundredConcurrentTransfersLandWithoutGaps() throws Exception {
        try (Anvil anvil = Anvil.start();
                ChainToolkit chain = ChainToolkitTest.toolkit(anvil.url(), Wallet.fromPrivateKey(Secret.of(Anvil.KEY_1, "k1")), b -> {
                })) {
            Tool transfer = chain.tools("transfer_native").get(0);
            String to = ChainToolkitTest.freshAddress();
            Set<Long> nonces = ConcurrentHashMap.newKeySet();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> transfer.execute(ToolArguments.parse("{\"to\":\"" + to + "\",\"amount\":\"0.001\"}"), new TestContext())));
                }
                for (Future<String> f : results) {
                    JsonNode r = JsonRpc.parse(f.get());
                    assertThat(r.get("status").asString()).isEqualTo("success");
                    nonces.add(r.get("nonce").asLong());
                }
            }
            assertThat(new TreeSet<>(nonces)).hasSize(200).first().isEqualTo(0L);
            assertThat(new TreeSet<>(nonces).last()).isEqualTo(199L);
            assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_1)).isEqualTo(200);
            assertThat(JsonRpc.balance(anvil.url(), to)).isEqualTo(new BigInteger("200000000000000000"));
        }
    }

    @Test
    void aSendRejectedInTheMiddleLeavesNoGap() throws Exception {
        try (Anvil anvil = Anvil.start()) {
            OkHttpClient http = new OkHttpClient();
            Rpc rpc = new Rpc(anvil.url(), http);
            Wallet wallet = Wallet.fromPrivateKey(Secret.of(Anvil.KEY_1, "k1"));
            NonceManager nonces = new NonceManager(() -> rpc.nonce(wallet.address(), DefaultBlockParameterName.PENDING).longValueExact());
            TxSender sender = new TxSender(rpc, Chain.ANVIL, wallet, new Fees(rpc, BigInteger.TEN.pow(11), Duration.ofSeconds(1)),
                    nonces, Duration.ofMillis(20), Duration.ofSeconds(30), new BigDecimal("0.2"), false);
            String to = ChainToolkitTest.freshAddress();
            int n = 100;
            int rejected = 50;
            List<Future<TxOutcome>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    TxRequest r = TxRequest.call(to, BigInteger.ONE, "0x");
                    // max fee 0 is below any base fee: the node itself rejects this one
                    TxRequest req = i == rejected ? r.withFees(BigInteger.ZERO, BigInteger.ZERO) : r;
                    results.add(pool.submit(() -> sender.send(req)));
                }
                Set<Long> landed = new TreeSet<>();
                for (int i = 0; i < n; i++) {
                    if (i == rejected) {
                        int idx = i;
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> results.get(idx).get())
                                .hasCauseInstanceOf(ToolException.class)
                                .hasMessageContaining("max fee per gas less than block base fee");
                        continue;
                    }
                    TxOutcome o = results.get(i).get();
                    assertThat(o.status()).isEqualTo(TxOutcome.Status.SUCCESS);
                    landed.add(o.nonce());
                }
                assertThat(landed).hasSize(n - 1);
                assertThat(((TreeSet<Long>) landed).first()).isZero();
                // the released nonce was either reused by a later caller, or (when none came in time)
                // filled by a zero-value self-transfer: either way no gap
                Thread.sleep(1000);
                long account = JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_1);
                assertThat(account).isIn((long) n - 1, (long) n);
                assertThat(((TreeSet<Long>) landed).last()).isLessThan(account);
                // and the account goes on without a stall
                assertThat(sender.send(TxRequest.call(to, BigInteger.ONE, "0x")).nonce()).isEqualTo(account);
                assertThat(JsonRpc.nonce(anvil.url(), Anvil.ADDRESS_1)).isEqualTo(account + 1);
            }
            assertThat(JsonRpc.balance(anvil.url(), to)).isEqualTo(BigInteger.valueOf(n));
            rpc.close();
        }
    }

    @Test
    void aRejectionWithLaterNoncesOutIsFilled() throws Exception {
        try (Anvil anvil = Anvil.start()) {
            Rpc rpc = new Rpc(anvil.url(), new OkHttpClient());
            Wallet wallet = Wallet.fromPrivateKey(Secret.of(Anvil.KEY_1, "k1"));
            NonceManager nonces = new NonceManager(() -> rpc.nonce(wallet.address(), DefaultBlockParameterName.PENDING).longValueExact());
            // take nonce 0 and 1 by hand: 0 is "rejected" after 1 was handed out, and nobody sends again
            long first = nonces.acquire();
            long second = nonces.acquire();
            assertThat(first).isZero();
            assertThat(second).isEqualTo(1);
            assertThat(nonces.release(first)).isTrue();
            assertThat(nonces.acquire()).isZero();    // the next caller reuses the lowest released nonce
            nonces.sent(0);
            assertThat(nonces.release(second)).isFalse(); // the last one handed out just rolls back
            assertThat(nonces.acquire()).isEqualTo(1);
            rpc.close();
        }
    }
}
