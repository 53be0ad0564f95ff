package dev.agentry.tools.chain.bench;

import dev.agentry.testkit.Anvil;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Native transfers per second against Anvil (automine), each scenario on a fresh node, every
 * transfer waited for until its receipt is there (20 ms receipt polling everywhere; a web3j transfer
 * not mined within 5 s counts as failed):
 * web3j {@code RawTransactionManager} sequential and with 8 threads, {@code FastRawTransactionManager}
 * with 8 threads, pre-signed raw transactions sent as fast as possible by 8 threads, and ours
 * ({@code transfer_native}: simulation, estimate, fees, nonce manager, checkpoint, receipt) with
 * 8 concurrent callers (with {@code eth_sendRawTransactionSync} and with receipt polling). Not run
 * by {@code mvn verify}. Run from the repository root (the {@code test-compile} phase is needed so
 * the toolchain selects JDK 25; {@code exec:java} would run in Maven's JDK 17):
 *
 * <pre>
 * mvn -q -pl agent-tools-chain -am test-compile exec:exec -Pchain-bench [-Dbench.args="500 8"]
 * </pre>
 *
 * or with a plain JDK 21+:
 *
 * <pre>
 * mvn -q -pl agent-tools-chain -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp agent-tools-chain/target/test-classes:agent-tools-chain/target/classes:$(cat agent-tools-chain/target/bench.cp) \
 *     dev.agentry.tools.chain.bench.TransferBenchmark [transfers=500] [threads=8]
 * </pre>
 */
public final class TransferBenchmark {
    private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger MAX_FEE = BigInteger.valueOf(10_000_000_000L);
    private static final BigInteger GAS = BigInteger.valueOf(21_000);
    private static final String TO = Anvil.ADDRESS_2;

    private TransferBenchmark() {
    }

    /** One scenario's figures. */
    record Result(String name, int ok, int failed, long nanos, String firstError) {
        double perSecond() {
            return ok / (nanos / 1e9);
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional: number of transfers, number of threads
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        OkHttpClient http = new OkHttpClient();
        List<Result> results = new ArrayList<>();
        System.out.printf("TransferBenchmark: %d native transfers per scenario, %d threads, Anvil automine, %s%n", n, threads,
                Runtime.version());
        // warm up the JIT on every code path first (figures discarded), so order does not matter
        scenario("warm-up", http, 150, threads, (w, c) -> raw(w, c, true));
        ours(http, 150, threads, true);
        ours(http, 150, threads, false);
        results.add(scenario("web3j RawTransactionManager, sequential", http, n, 1, (w, c) -> raw(w, c, false)));
        results.add(scenario("web3j RawTransactionManager, " + threads + " threads", http, n, threads, (w, c) -> raw(w, c, false)));
        results.add(scenario("web3j FastRawTransactionManager, " + threads + " threads", http, n, threads, (w, c) -> raw(w, c, true)));
        results.add(preSigned(http, n, threads));
        results.add(ours(http, n, threads, false));
        results.add(ours(http, n, threads, true));
        System.out.printf("%n%-62s %10s %8s %8s%n", "scenario", "tx/s", "ok", "failed");
        for (Result r : results) {
            System.out.printf("%-62s %10.0f %8d %8d%s%n", r.name, r.perSecond(), r.ok, r.failed,
                    r.firstError == null ? "" : "   first error: " + r.firstError);
        }
        double fast = results.get(2).perSecond();
        System.out.printf("%nours (polling) / Fast = %.2fx, ours (sync send) / Fast = %.2fx%n",
                results.get(4).perSecond() / fast, results.get(5).perSecond() / fast);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @FunctionalInterface
    private interface Sender {
        Callable<Void> make(Web3j web3j, Credentials credentials) throws Exception;
    }

    private static Callable<Void> raw(Web3j web3j, Credentials c, boolean fast) {
        RawTransactionManager tm = fast ? new FastRawTransactionManager(web3j, c, 31337) : new RawTransactionManager(web3j, c, 31337);
        PollingTransactionReceiptProcessor receipts = new PollingTransactionReceiptProcessor(web3j, 20, 250);
        return () -> {
            EthSendTransaction sent = tm.sendEIP1559Transaction(31337, TIP, MAX_FEE, GAS, TO, "", BigInteger.ONE);
            if (sent.hasError()) {
                throw new IllegalStateException(sent.getError().getMessage());
            }
            receipts.waitForTransactionReceipt(sent.getTransactionHash());
            return null;
        };
    }

    private static Result scenario(String name, OkHttpClient http, int n, int threads, Sender sender) throws Exception {
        try (Anvil anvil = Anvil.start()) {
            Web3j web3j = Web3j.build(new HttpService(anvil.url(), http));
            Callable<Void> one = sender.make(web3j, Credentials.create(Anvil.KEY_0));
            Result r = run(name, n, threads, one);
            web3j.shutdown();
            return r;
        }
    }

    private static Result run(String name, int n, int threads, Callable<Void> one) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        String[] firstError = new String[1];
        Map<String, Integer> errors = new java.util.TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> {
                try {
                    one.call();
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    synchronized (firstError) {
                        String m = String.valueOf(e.getMessage());
                        if (firstError[0] == null) {
                            firstError[0] = m.length() > 60 ? m.substring(0, 60) + "…" : m;
                        }
                        errors.merge(m.replaceAll("0x[0-9a-f]{64}", "0x…"), 1, Integer::sum);
                    }
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        long nanos = System.nanoTime() - start;
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        if (!errors.isEmpty()) {
            System.out.printf("  %s: errors %s%n", name, errors);
        }
        return new Result(name, ok.get(), failed.get(), nanos, firstError[0]);
    }

    private static Result preSigned(OkHttpClient http, int n, int threads) throws Exception {
        try (Anvil anvil = Anvil.start()) {
            Web3j web3j = Web3j.build(new HttpService(anvil.url(), http));
            Credentials c = Credentials.create(Anvil.KEY_0);
            List<String> raws = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RawTransaction tx = RawTransaction.createEtherTransaction(31337, BigInteger.valueOf(i), GAS, TO, BigInteger.ONE, TIP, MAX_FEE);
                raws.add(Numeric.toHexString(TransactionEncoder.signMessage(tx, c)));
            }
            AtomicInteger next = new AtomicInteger();
            Result sent = run("pre-signed raw txs, " + threads + " threads (send only)", n, threads, () -> {
                String raw = raws.get(next.getAndIncrement());
                EthSendTransaction r = web3j.ethSendRawTransaction(raw).send();
                if (r.hasError()) {
                    throw new IllegalStateException(r.getError().getMessage());
                }
                return null;
            });
            // wait until the last one is mined, so the figure counts landed transactions
            long start = System.nanoTime();
            String last = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(raws.get(n - 1))));
            new PollingTransactionReceiptProcessor(web3j, 5, 2000).waitForTransactionReceipt(last);
            web3j.shutdown();
            return new Result(sent.name(), sent.ok(), sent.failed(), sent.nanos() + (System.nanoTime() - start), sent.firstError());
        }
    }

    private static Result ours(OkHttpClient http, int n, int threads, boolean sync) throws Exception {
        try (Anvil anvil = Anvil.start();
                ChainToolkit chain = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(anvil.url()).httpClient(http)
                        .wallet(Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "anvil dev key 0")))
                        .receiptPollInterval(Duration.ofMillis(20)).sendRawTransactionSync(sync).build()) {
            Tool transfer = chain.tools("transfer_native").get(0);
            ToolArguments args = ToolArguments.parse("{\"to\":\"" + TO + "\",\"amount\":\"0.000000000000000001\"}");
            ToolContext ctx = new NoJournal();
            return run("ours: transfer_native, " + threads + " callers, " + (sync ? "sendRawTransactionSync" : "receipt polling"), n, threads, () -> {
                transfer.execute(args, ctx);
                return null;
            });
        }
    }

    /** A context without a journal (checkpoints dropped). */
    private static final class NoJournal implements ToolContext {
        @Override
        public String agentId() {
            return "bench";
        }

        @Override
        public Event event() {
            return Event.of("bench", "local", "bench", "bench", "bench", Trust.OWNER);
        }

        @Override
        public String idempotencyKey() {
            return "bench";
        }

        @Override
        public Optional<EffectRecord> interruptedAttempt() {
            return Optional.empty();
        }

        @Override
        public void checkpoint(Map<String, String> details) {
        }
    }
}
