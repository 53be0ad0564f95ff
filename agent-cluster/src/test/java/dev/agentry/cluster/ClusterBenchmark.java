package dev.agentry.cluster;

import dev.agentry.memory.AgentryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The cluster benchmark (a program that prints figures, not a test): events per second with 1, 2
 * and 3 node processes and with the embedded single-JVM runtime, against a stub model of 200 ms per
 * call and at most 4 calls at once per process; and the time from a process's death (SIGKILL) to
 * all of its agents answering again, for a cluster node (the others take over after the session
 * timeout) and for the embedded runtime (restarted at once, as a supervisor would). A real Kafka
 * broker (in this JVM) and a real PostgreSQL server; median of 5 runs, min–max, and the load
 * average, written to {@code CLUSTER-FIGURES.md}.
 *
 * <pre>mvn -q -pl agent-cluster -am test-compile exec:exec -Pcluster-bench</pre>
 *
 * Arguments: [figures file] [runs]
 */
public final class ClusterBenchmark {
    private static final int EVENTS_PER_AGENT = 10;
    private static final long SESSION_TIMEOUT_MS = 6_000;
    /** The steady stream: one event per agent this often (12 events/s for 24 agents, within one process's 20). */
    static final long STREAM_INTERVAL_MS = 2_000;

    private final String bootstrap;
    private final String db;
    private final String topic = "bench-" + System.nanoTime();
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final List<String> ids = BenchAgents.ids();
    private final int runs;
    private int nodeCount;

    private ClusterBenchmark(String bootstrap, String db, int runs) {
        this.bootstrap = bootstrap;
        this.db = db;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "agent-cluster/CLUSTER-FIGURES.md");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String loadBefore = load();
        String bootstrap = TestServers.kafka();
        String clusterDb = TestServers.newDatabase("bench");
        AgentryStore.builder().postgres(clusterDb, "postgres", "").embeddingModel(new HashEmbedding(), "hash").build().close();
        ClusterBenchmark bench = new ClusterBenchmark(bootstrap, clusterDb, runs);
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        List<Double> failover;
        try {
            for (int n = 1; n <= 3; n++) {
                bench.grow(n);
                throughput.put(n + (n == 1 ? " node" : " nodes"), bench.throughput());
            }
            failover = bench.failover();
        } finally {
            bench.nodes.values().forEach(p -> p.toHandle().destroyForcibly());
        }
        String embeddedDb = TestServers.newDatabase("embedded");
        AgentryStore.builder().postgres(embeddedDb, "postgres", "").embeddingModel(new HashEmbedding(), "hash").build().close();
        throughput.put("embedded (1 JVM)", embeddedThroughput(embeddedDb, runs));
        List<Double> embeddedRestart = embeddedFailover(embeddedDb, runs);
        String report = report(throughput, failover, embeddedRestart, loadBefore, load(), runs);
        System.out.println(report);
        Files.writeString(out, report);
        System.out.println("written to " + out.toAbsolutePath());
        TestServers.stopAll();
        System.exit(0);
    }

    /** Starts node processes until there are {@code n}, and waits until they share the agents. */
    private void grow(int n) throws Exception {
        while (nodes.size() < n) {
            startNode();
        }
        await("the agents spread over " + n + " nodes", () -> owners().size() == ids.size() && owners().values().stream().distinct().count() == n);
        Thread.sleep(1_000);
    }

    private void startNode() throws IOException {
        String id = "bench-node-" + (++nodeCount);
        nodes.put(id, java(List.of(BenchAgents.Node.class.getName(), id, bootstrap, db, topic, Long.toString(SESSION_TIMEOUT_MS)), id));
    }

    /** Events per second of a burst of 10 events for each of the 24 agents, written to the topic at once; per run. */
    private List<Double> throughput() throws Exception {
        List<Double> perRun = new ArrayList<>();
        try (EventPublisher publisher = EventPublisher.connect(bootstrap, topic)) {
            for (int run = 0; run < runs; run++) {
                String prefix = "t" + System.nanoTime() + "-";
                long t0 = System.nanoTime();
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < EVENTS_PER_AGENT; i++) {
                    for (String agent : ids) {
                        acks.add(publisher.sendAsync(agent, BenchAgents.event(prefix + agent + "-" + i)));
                    }
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                int total = acks.size();
                await("run " + run + " answered", () -> completed(prefix) == total);
                perRun.add(total * 1e9 / (System.nanoTime() - t0));
                System.out.printf("%d nodes, run %d: %.1f events/s%n", nodes.size(), run + 1, perRun.get(perRun.size() - 1));
            }
        }
        return perRun;
    }

    /** With 3 nodes and a steady stream (one event per agent every 2 s): SIGKILL a node, time until each of its agents answered again. */
    private List<Double> failover() throws Exception {
        List<Double> perRun = new ArrayList<>();
        try (EventPublisher publisher = EventPublisher.connect(bootstrap, topic)) {
            Thread stream = Thread.ofPlatform().start(() -> {
                for (long tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
                    for (String agent : ids) {
                        publisher.sendAsync(agent, BenchAgents.event("f" + tick + "-" + agent + "-" + System.nanoTime()));
                    }
                    try {
                        Thread.sleep(STREAM_INTERVAL_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                for (int run = 0; run < runs; run++) {
                    Thread.sleep(3_000);
                    String victim = List.copyOf(nodes.keySet()).get(run % nodes.size());
                    List<String> agents = owners().entrySet().stream().filter(e -> e.getValue().equals(victim)).map(Map.Entry::getKey).toList();
                    long killedAt = System.currentTimeMillis();
                    nodes.remove(victim).toHandle().destroyForcibly();
                    double seconds = answeredAgain(agents, killedAt) / 1000.0;
                    perRun.add(seconds);
                    System.out.printf("cluster failover, run %d: %s (%d agents) answered again %.2f s after its SIGKILL%n", run + 1, victim,
                            agents.size(), seconds);
                    startNode();
                    grow(3);
                }
            } finally {
                stream.interrupt();
            }
        }
        return perRun;
    }

    private static List<Double> embeddedThroughput(String db, int runs) throws Exception {
        Process p = java(List.of(BenchAgents.Embedded.class.getName(), db, "throughput", Integer.toString(runs), Integer.toString(EVENTS_PER_AGENT)),
                "embedded-throughput");
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the embedded throughput run did not end");
        }
        List<Double> perRun = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target", "embedded-throughput.log"))) {
            if (line.startsWith("throughput ")) {
                perRun.add(Double.parseDouble(line.substring(11)));
                System.out.printf("embedded, run %d: %.1f events/s%n", perRun.size(), perRun.get(perRun.size() - 1));
            }
        }
        return perRun;
    }

    /** The embedded runtime streaming: SIGKILL, start it again at once, time until each agent answered again. */
    private static List<Double> embeddedFailover(String db, int runs) throws Exception {
        List<Double> perRun = new ArrayList<>();
        Process p = java(List.of(BenchAgents.Embedded.class.getName(), db, "stream"), "embedded-stream");
        ClusterBenchmark probe = new ClusterBenchmark("", db, runs);
        try {
            for (int run = 0; run < runs; run++) {
                Thread.sleep(4_000);
                long killedAt = System.currentTimeMillis();
                p.toHandle().destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                p = java(List.of(BenchAgents.Embedded.class.getName(), db, "stream"), "embedded-stream-" + run);
                double seconds = probe.answeredAgain(probe.ids, killedAt) / 1000.0;
                perRun.add(seconds);
                System.out.printf("embedded restart, run %d: all agents answered again %.2f s after the SIGKILL%n", run + 1, seconds);
            }
        } finally {
            p.toHandle().destroyForcibly();
        }
        return perRun;
    }

    /** Milliseconds from {@code since} until every agent completed an event after it. */
    private long answeredAgain(List<String> agents, long since) throws Exception {
        Map<String, Long> first = new HashMap<>();
        await("the agents answer again", () -> {
            query("SELECT agent_id, MIN(completed_at) FROM inbox WHERE completed_at > ? GROUP BY agent_id", since * 1_000_000,
                    rs -> first.put(rs.getString(1), rs.getLong(2) / 1_000_000));
            return first.keySet().containsAll(agents);
        });
        return agents.stream().mapToLong(first::get).max().orElseThrow() - since;
    }

    private int completed(String prefix) {
        int[] count = new int[1];
        query("SELECT count(*) FROM inbox WHERE completed_at IS NOT NULL AND event_id LIKE ?", prefix + "%", rs -> count[0] = rs.getInt(1));
        return count[0];
    }

    private Map<String, String> owners() {
        Map<String, String> owners = new HashMap<>();
        query("SELECT agent_id, owner FROM agent_epochs", null, rs -> owners.put(rs.getString(1), rs.getString(2)));
        owners.values().removeIf(owner -> !nodes.containsKey(owner));
        return owners;
    }

    private interface Row {
        void read(ResultSet rs) throws Exception;
    }

    private void query(String sql, Object parameter, Row row) {
        try (Connection c = DriverManager.getConnection(db, "postgres", ""); PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setObject(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": " + e, e);
        }
    }

    private static Process java(List<String> mainAndArgs, String logName) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        Files.createDirectories(Path.of("target"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Path.of("target", logName + ".log").toFile()).start();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 3 minutes: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String stats(List<Double> values, String format) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(Locale.ROOT, format + " | " + format + "–" + format, median, sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static String report(Map<String, List<Double>> throughput, List<Double> failover, List<Double> embeddedRestart, String loadBefore,
            String loadAfter, int runs) {
        StringBuilder md = new StringBuilder();
        md.append("# Cluster figures\n\n");
        md.append("Written by `ClusterBenchmark` (agent-cluster test sources) on ").append(LocalDate.now()).append(": ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, load average (1/5/15 min) ").append(loadBefore)
                .append(" before and ").append(loadAfter).append(" after. Median of ").append(runs).append(" runs, min–max.\n\n");
        md.append("Setup: a Kafka 4 broker (KRaft, in the benchmark's JVM), one PostgreSQL 15 server shared by the journals, ")
                .append(BenchAgents.AGENTS).append(" agents on a topic of ").append(BenchAgents.PARTITIONS).append(" partitions. Every process has ")
                .append("one stub model for all its agents: ").append(BenchAgents.MODEL_LATENCY.toMillis()).append(" ms per call and at most ")
                .append(BenchAgents.MODEL_CONCURRENCY).append(" calls at once (a node's connection pool or rate limit at a model provider), ")
                .append("so the figures show how the work spreads over processes, not this machine's cores. One model call per event.\n\n");
        md.append("## Events per second\n\nA burst of ").append(EVENTS_PER_AGENT).append(" events for each agent, written to the topic at once ")
                .append("(embedded: submitted to the runtime), until every event is completed in the journal.\n\n");
        md.append("| mode | events/s (median) | min–max |\n|---|---:|---:|\n");
        throughput.forEach((mode, values) -> md.append("| ").append(mode).append(" | ").append(stats(values, "%.1f")).append(" |\n"));
        md.append("\n## From a process's death to its agents answering again\n\nA steady stream of one event per agent every ")
                .append(STREAM_INTERVAL_MS / 1000).append(" s; ")
                .append("the process is killed with SIGKILL; the time until every one of its agents has completed an event again.\n\n");
        md.append("| mode | seconds (median) | min–max |\n|---|---:|---:|\n");
        md.append("| cluster node (3 nodes; the others take over; session timeout ").append(SESSION_TIMEOUT_MS / 1000).append(" s) | ")
                .append(stats(failover, "%.2f")).append(" |\n");
        md.append("| embedded (1 JVM, restarted at once by a supervisor) | ").append(stats(embeddedRestart, "%.2f")).append(" |\n");
        md.append("\nThe cluster figure is the session timeout (the group waits that long for a silent member) plus the rebalance, the ")
                .append("claims and the first turn; a shorter session timeout shortens it, at the price of rebalances on long pauses. ")
                .append("The embedded figure needs something to restart the process (systemd, Kubernetes) and includes the JVM's start; ")
                .append("while it is down nothing answers, whereas a cluster keeps answering for the agents of the living nodes.\n");
        return md.toString();
    }
}
