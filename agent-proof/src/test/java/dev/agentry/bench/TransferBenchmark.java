package dev.agentry.bench;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Journal;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.memory.AgentryStore;
import dev.agentry.testkit.Anvil;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Native transfers per second against Anvil (automine), like for like: web3j's
 * {@code FastRawTransactionManager} against Agentry's {@code transfer_native} called through the
 * runtime's full tool path ({@link AgentRuntime#invokeTool}: validation, replay, trust, policy with
 * a spend cap, journal with every checkpoint, execution, record), 8 concurrent callers, each with
 * an account of its own (an agent of its own on our side), every transfer waited for until its
 * receipt is there. Two pairs: both with receipt polling every 20 ms,
 * and both with {@code eth_sendRawTransactionSync} (the receipt in the send's answer; Anvil has
 * it). Agentry runs once with the in-memory journal and once with the durable SQLite journal
 * ({@link AgentryStore}, a commit per checkpoint). Each path is warmed up for 12 s
 * ({@code warmup=SECONDS}) in rounds of 200 transfers, then measured; every round runs on a fresh
 * Anvil at the path's own address, so the measured chain is as short as the first round's and the
 * baseline keeps its one web3j client throughout, as an application would. Besides transfers per
 * second it prints the CPU time each transfer cost in this JVM and in Anvil: the two share the
 * machine's cores, so a side that spends less CPU per transfer leaves more to the other. The
 * baseline waits up to 120 s for a receipt; if it still fails a transfer, the
 * comparison is printed as INVALID, never as a ratio. A scenario still running after 180 s is
 * stopped and its unfinished transfers count as failed (FastRawTransactionManager counts nonces
 * locally, so one send that fails after taking a nonce leaves a gap no later transaction passes).
 *
 * <pre>
 * mvn -q -pl agent-proof -am test-compile exec:exec -Pbench -Dbench=TransferBenchmark [-Dbench.args="transfers=300 threads=8 warmup=12"]
 * [only=base_poll|base_sync|ours_poll_memory|ours_poll_sqlite|ours_sync_memory|ours_sync_sqlite]
 * </pre>
 */
public final class TransferBenchmark {
    private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger MAX_FEE = BigInteger.valueOf(10_000_000_000L);
    private static final BigInteger GAS = BigInteger.valueOf(21_000);
    private static final String TO = Anvil.ADDRESS_2;
    private static final int POLL_MS = 20;
    private static final int RECEIPT_WAIT_MS = 120_000;
    /** A scenario still running after this is stopped: its unfinished transfers count as failed (a stuck nonce gap never heals). */
    private static final long SCENARIO_DEADLINE_MS = 180_000;
    private static final int WARM_UP_ROUND = 200;

    private TransferBenchmark() {}

    /** One scenario's figures. */
    record Result(String name, int ok, int failed, long nanos, Map<String, Integer> errors, long ownCpuNanos, long nodeCpuNanos, int warmUpRounds) {
        Result warmUp(int rounds) {
            return new Result(name, ok, failed, nanos, errors, ownCpuNanos, nodeCpuNanos, rounds);
        }

        double perSecond() {
            return ok / (nanos / 1e9);
        }

        double ownCpuMsPerTransfer() {
            return ownCpuNanos / 1e6 / Math.max(1, ok);
        }

        double nodeCpuMsPerTransfer() {
            return nodeCpuNanos / 1e6 / Math.max(1, ok);
        }
    }

    public static void main(String[] args) {
        try {
            measure(BenchSupport.options(args));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void measure(Map<String, String> options) throws Exception {
        int n = Integer.parseInt(options.getOrDefault("transfers", "500"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
        int warmUp = Integer.parseInt(options.getOrDefault("warmup", "12"));
        OkHttpClient http = new OkHttpClient();
        System.out.printf(Locale.ROOT, "# Transfers: %d native transfers per scenario, %d callers, Anvil automine, JDK %s%n%n", n, threads,
                Runtime.version());
        String only = options.get("only");
        if (only != null) {
            Result r = switch (only) {
                case "base_poll" -> warmedUp(node -> baseline(http, node, threads, false), n, warmUp);
                case "base_sync" -> warmedUp(node -> baseline(http, node, threads, true), n, warmUp);
                case "ours_poll_memory" -> warmedUp(node -> ours(http, node, threads, false, false), n, warmUp);
                case "ours_poll_sqlite" -> warmedUp(node -> ours(http, node, threads, false, true), n, warmUp);
                case "ours_sync_memory" -> warmedUp(node -> ours(http, node, threads, true, false), n, warmUp);
                case "ours_sync_sqlite" -> warmedUp(node -> ours(http, node, threads, true, true), n, warmUp);
                default -> throw new IllegalArgumentException("only=" + only + ": not a scenario");
            };
            System.out.printf(Locale.ROOT, "%s: %.0f tx/s, %d failed, CPU ms per transfer %.2f here, %.2f in Anvil%n", r.name(), r.perSecond(),
                    r.failed(), r.ownCpuMsPerTransfer(), r.nodeCpuMsPerTransfer());
            return;
        }
        List<Result> results = new ArrayList<>();
        results.add(warmedUp(node -> baseline(http, node, threads, false), n, warmUp));
        results.add(warmedUp(node -> ours(http, node, threads, false, false), n, warmUp));
        results.add(warmedUp(node -> ours(http, node, threads, false, true), n, warmUp));
        results.add(warmedUp(node -> baseline(http, node, threads, true), n, warmUp));
        results.add(warmedUp(node -> ours(http, node, threads, true, false), n, warmUp));
        results.add(warmedUp(node -> ours(http, node, threads, true, true), n, warmUp));
        System.out.printf(Locale.ROOT, "| scenario | tx/s | ok | failed | CPU ms per transfer, this JVM | CPU ms per transfer, Anvil |%n"
                + "|---|---:|---:|---:|---:|---:|%n");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %d | %d | %.2f | %.2f |%n", r.name(), r.perSecond(), r.ok(), r.failed(),
                    r.ownCpuMsPerTransfer(), r.nodeCpuMsPerTransfer());
            r.errors().forEach((error, count) -> System.out.printf(Locale.ROOT, "  %s: %d x %s%n", r.name(), count, error));
        }
        BenchSupport.Figures f = new BenchSupport.Figures();
        String[] keys = {"base_poll", "ours_poll_memory", "ours_poll_sqlite", "base_sync", "ours_sync_memory", "ours_sync_sqlite"};
        for (int i = 0; i < keys.length; i++) {
            f.put(keys[i] + "_tps", results.get(i).perSecond(), "%.0f");
            f.put(keys[i] + "_failed", results.get(i).failed(), "%.0f");
            f.put(keys[i] + "_jvm_cpu_ms", results.get(i).ownCpuMsPerTransfer(), "%.2f");
            f.put(keys[i] + "_node_cpu_ms", results.get(i).nodeCpuMsPerTransfer(), "%.2f");
            f.put(keys[i] + "_warm_up_rounds", results.get(i).warmUpRounds(), "%.0f");
        }
        ratio(f, "ratio_poll_memory", results.get(1), results.get(0));
        ratio(f, "ratio_poll_sqlite", results.get(2), results.get(0));
        ratio(f, "ratio_sync_memory", results.get(4), results.get(3));
        ratio(f, "ratio_sync_sqlite", results.get(5), results.get(3));
        f.print();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /**
     * One path: its setup (a web3j client, or a runtime with agents and toolkits), built once and
     * kept across rounds as a long-running application keeps it, and its rounds, each on a fresh
     * Anvil at the same address (so the measured chain is as short as in the first round).
     */
    private interface Path extends AutoCloseable {
        /** Runs a round of the given number of transfers on a fresh node. */
        Result round(int transfers) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** A fresh Anvil per round, always on one port: what a path's setup is bound to. */
    static final class Node {
        private final int port = freePort();
        private Anvil anvil;

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /** Replaces the node with a fresh chain at the same address. */
        void fresh() {
            stop();
            anvil = Anvil.builder().port(port).start();
        }

        void stop() {
            if (anvil != null) {
                anvil.close();
                anvil = null;
            }
        }

        private static int freePort() {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * Warms a path up, then measures it: rounds of 200 transfers, each on a fresh chain, for at
     * least {@code warmUpSeconds}, then the measured round. On two cores the JIT needs that long
     * to compile a path (a path measured while the compiler still works on it pays for compiling
     * on the same cores, and a path with more code pays more; a long-running application pays it
     * once): a round's rate rose for about 20 rounds before it levelled off, on both sides.
     */
    private static Result warmedUp(java.util.function.Function<Node, Path> setup, int transfers, int warmUpSeconds) throws Exception {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        Node node = new Node();
        try (Path path = setup.apply(node)) {
            List<Long> ratePerRound = new ArrayList<>();
            long warmUntil = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
            while (System.nanoTime() < warmUntil || ratePerRound.size() < 3) {
                ratePerRound.add(Math.round(path.round(WARM_UP_ROUND).perSecond()));
            }
            long before = jit.getTotalCompilationTime();
            Result r = path.round(transfers);
            System.out.printf(Locale.ROOT, "%s: warmed up with %d rounds of %d transfers (transfers/s per round: %s); JIT while measured: %d ms%n",
                    r.name(), ratePerRound.size(), WARM_UP_ROUND, ratePerRound, jit.getTotalCompilationTime() - before);
            return r.warmUp(ratePerRound.size());
        } finally {
            node.stop();
        }
    }

    /** The ratio, or INVALID when either side failed a transfer. */
    private static void ratio(BenchSupport.Figures f, String key, Result ours, Result base) {
        if (base.failed() > 0 || ours.failed() > 0) {
            f.putText(key, "INVALID");
        } else {
            f.put(key, ours.perSecond() / base.perSecond(), "%.2f");
        }
    }

    /**
     * FastRawTransactionManager, one per caller and its account: its nonce counter, its signing;
     * receipts by 20 ms polling or in the sync send's answer. One web3j client for the path (as an
     * application keeps one), new managers and accounts on each round's fresh chain.
     */
    private static Path baseline(OkHttpClient http, Node node, int threads, boolean sync) {
        HttpService service = new HttpService(node.url(), http);
        Web3j web3j = Web3j.build(service);
        PollingTransactionReceiptProcessor receipts = new PollingTransactionReceiptProcessor(web3j, POLL_MS, RECEIPT_WAIT_MS / POLL_MS);
        String name = "web3j FastRawTransactionManager, " + (sync ? "eth_sendRawTransactionSync" : "receipt polling");
        return new Path() {
            @Override
            public Result round(int n) throws Exception {
                node.fresh();
                http.connectionPool().evictAll();
                List<Fast> managers = new ArrayList<>();
                for (String key : fundedKeys(service, threads)) {
                    managers.add(new Fast(web3j, Credentials.create(key)));
                }
                return run(name, n, threads, caller -> {
                    Fast tm = managers.get(caller);
                    if (sync) {
                        String raw = tm.sign(RawTransaction.createEtherTransaction(31337, tm.nextNonce(), GAS, TO, BigInteger.ONE, TIP, MAX_FEE));
                        EthGetTransactionReceipt answer = new Request<>("eth_sendRawTransactionSync", List.of(raw), service,
                                EthGetTransactionReceipt.class).send();
                        if (answer.hasError() || answer.getTransactionReceipt().isEmpty()) {
                            throw new IllegalStateException(answer.hasError() ? answer.getError().getMessage() : "no receipt");
                        }
                    } else {
                        EthSendTransaction sent = tm.sendEIP1559Transaction(31337, TIP, MAX_FEE, GAS, TO, "", BigInteger.ONE);
                        if (sent.hasError()) {
                            throw new IllegalStateException(sent.getError().getMessage());
                        }
                        receipts.waitForTransactionReceipt(sent.getTransactionHash());
                    }
                });
            }

            @Override
            public void close() {
                web3j.shutdown();
            }
        };
    }

    /**
     * New accounts, one per caller, each given 100 ETH with {@code anvil_setBalance}: each caller
     * sends from its own account, one transaction after another, so the node never sees a nonce
     * before the one below it (Anvil's automine can leave such a transaction queued for good:
     * foundry-rs/foundry#10122, which made runs with 8 callers on one account fail at random).
     */
    private static List<String> fundedKeys(HttpService service, int count) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            org.web3j.crypto.ECKeyPair pair = org.web3j.crypto.Keys.createEcKeyPair();
            String address = "0x" + org.web3j.crypto.Keys.getAddress(pair);
            org.web3j.protocol.core.Response<?> funded = new Request<>("anvil_setBalance", List.of(address, "0x56bc75e2d63100000"), service,
                    org.web3j.protocol.core.methods.response.VoidResponse.class).send();
            if (funded.hasError()) {
                throw new IllegalStateException("anvil_setBalance failed: " + funded.getError().getMessage());
            }
            keys.add(org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64));
        }
        return keys;
    }

    /** Exposes FastRawTransactionManager's own nonce counter for the sync send. */
    private static final class Fast extends FastRawTransactionManager {
        Fast(Web3j web3j, Credentials credentials) {
            super(web3j, credentials, 31337);
        }

        BigInteger nextNonce() throws java.io.IOException {
            return getNonce();
        }
    }

    /**
     * transfer_native through AgentRuntime.invokeTool, one agent per caller with its own account,
     * each with a spend cap; one journal. Rebuilt on each round's fresh chain (a new account
     * starts at nonce 0); what stays warm from round to round is process-wide (the JIT's code, the
     * JSON mapper), as it is for an application whose agents run for days.
     */
    private static Path ours(OkHttpClient http, Node node, int threads, boolean sync, boolean sqlite) {
        String name = "Agentry transfer_native via invokeTool, " + (sqlite ? "SQLite" : "in-memory") + " journal, "
                + (sync ? "eth_sendRawTransactionSync" : "receipt polling");
        HttpService funding = new HttpService(node.url(), http);
        return new Path() {
            @Override
            public Result round(int n) throws Exception {
                node.fresh();
                http.connectionPool().evictAll();
                return oursOnce(name, http, funding, n, threads, sync, sqlite);
            }

            @Override
            public void close() {
            }
        };
    }

    private static Result oursOnce(String name, OkHttpClient http, HttpService funding, int n, int threads, boolean sync, boolean sqlite)
            throws Exception {
        String url = funding.getUrl();
        java.nio.file.Path dir = Files.createTempDirectory("agentry-transfer");
        AgentryStore store = sqlite ? AgentryStore.builder().sqlite(dir.resolve("journal.db")).embeddingModel(new HashEmbedding(), "hash").build() : null;
        Journal journal = sqlite ? store : new InMemoryJournal();
        List<ChainToolkit> chains = new ArrayList<>();
        try (AgentRuntime runtime = AgentRuntime.builder().journal(journal).memory(new InMemoryMemory()).discoverPlugins(false).build()) {
            List<String> keys = fundedKeys(funding, threads);
            for (int caller = 0; caller < threads; caller++) {
                ChainToolkit chain = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(url).httpClient(http)
                        .wallet(Wallet.fromPrivateKey(Secret.of(keys.get(caller), "bench account " + caller)))
                        .receiptPollInterval(Duration.ofMillis(POLL_MS)).sendRawTransactionSync(sync).build();
                chains.add(chain);
                runtime.register(Agent.builder("bench-" + caller).persona(Persona.of("Bench", "Sends transfers.")).model(new NoModel())
                        .tools(chain.tools("transfer_native"))
                        .policy(StandardPolicy.builder().journal(journal).spendCap("ETH", new BigDecimal("1000"), Duration.ofDays(1)).build())
                        .build());
            }
            runtime.start();
            String args = "{\"to\":\"" + TO + "\",\"amount\":\"0.000000000000000001\"}";
            AtomicInteger next = new AtomicInteger();
            return run(name, n, threads, caller -> {
                String agent = "bench-" + caller;
                Event event = Event.of("t-" + next.incrementAndGet(), "bench", "owner", "bench", "transfer", Trust.OWNER);
                ToolCall call = runtime.invokeTool(agent, event, "transfer_native", args);
                if (call.outcome() != ToolCall.Outcome.OK) {
                    throw new IllegalStateException(call.outcome() + ": " + call.result());
                }
            });
        } finally {
            for (ChainToolkit chain : chains) {
                chain.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }

    /** The agent's model: never called (tool calls come from invokeTool). */
    private static final class NoModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            throw new IllegalStateException("the transfer benchmark makes no model calls");
        }
    }

    /** One transfer by a caller (0 to threads - 1), who sends from its own account. */
    @FunctionalInterface
    private interface Transfer {
        void send(int caller) throws Exception;
    }

    /** Runs n transfers on a pool of callers, each pool thread one caller for the whole scenario. */
    private static Result run(String name, int n, int threads, Transfer one) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> errors = new TreeMap<>();
        AtomicInteger callers = new AtomicInteger();
        ThreadLocal<Integer> caller = ThreadLocal.withInitial(callers::getAndIncrement);
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
        long ownCpu = ownCpuNanos();
        long nodeCpu = nodeCpuNanos();
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> {
                try {
                    one.send(caller.get());
                    ok.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    synchronized (errors) {
                        String m = String.valueOf(e.getMessage()).replaceAll("0x[0-9a-f]{64}", "0x…");
                        errors.merge(m.substring(0, Math.min(m.length(), 160)), 1, Integer::sum);
                    }
                }
            }));
        }
        long deadline = start + SCENARIO_DEADLINE_MS * 1_000_000;
        for (Future<?> f : fs) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            }
        }
        long nanos = System.nanoTime() - start;
        ownCpu = ownCpuNanos() - ownCpu;
        nodeCpu = nodeCpuNanos() - nodeCpu;
        if (fs.stream().anyMatch(f -> !f.isDone())) {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            synchronized (errors) {
                errors.merge("scenario stopped after " + SCENARIO_DEADLINE_MS / 1000 + " s: transfers never started", n - ok.get() - failed.get(),
                        Integer::sum);
            }
        }
        pool.shutdown();
        return new Result(name, ok.get(), n - ok.get(), nanos, errors, ownCpu, nodeCpu, 0);
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the Anvil node this JVM started (the only child process running during a scenario). */
    private static long nodeCpuNanos() {
        return ProcessHandle.current().children().filter(p -> p.info().command().map(c -> c.contains("anvil")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
