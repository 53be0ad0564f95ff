package dev.agentry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.cluster.internal.AgentPartitions;
import dev.agentry.memory.AgentryStore;
import dev.agentry.testkit.Anvil;
import dev.agentry.tools.social.FeedPost;
import dev.agentry.tools.social.LocalFeed;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Three Agentry nodes as separate processes, a real Kafka 4 broker (KRaft), a real PostgreSQL
 * server and Anvil. A steady stream of mentions arrives on six agents' feeds; a third of them ask
 * for a payment (a real transfer on Anvil). Then: one node is killed with SIGKILL mid-turn (right
 * after its transfer was mined, before the journal knew), then another; a third is stopped with
 * SIGSTOP past its session timeout, its agents taken over, and resumed. Afterwards, checked on
 * the chain over JSON-RPC, on the feeds and in the shared journal: every mention answered exactly
 * once and in order, every payment made exactly once and in order, nothing pending or
 * dead-lettered, and the paused node started no transfer with the epoch it held before the pause.
 */
class ClusterFailoverTest {
    private static final int AGENTS = 6;
    private static final String FRIEND = Anvil.ADDRESS_2;
    private static final BigInteger MICRO_ETH = BigInteger.TEN.pow(12);

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<Path> logs = new ArrayList<>();
    private Path dir;
    private Path markers;
    private List<String> childArgs;

    @Test
    void killedTwiceAndPausedOnceTheClusterLosesNothingActsOnceAndTheFencedNodeActsNoMore(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp) throws Exception {
        dir = tmp;
        markers = Files.createDirectories(dir.resolve("markers"));
        Path feeds = Files.createDirectories(dir.resolve("feeds"));
        String db = TestServers.newDatabase("failover");
        String topic = "failover-" + System.nanoTime();
        Map<String, String> keys = agentKeys();
        AgentryStore.builder().postgres(db, "postgres", "").embeddingModel(new HashEmbedding(), "hash").build().close(); // the schema, once
        try (Anvil anvil = Anvil.start()) {
            ChainReader chain = new ChainReader(anvil.url());
            for (String key : keys.values()) {
                chain.fund(Credentials.create(key).getAddress(), BigInteger.TEN.pow(20));
            }
            childArgs = new ArrayList<>(List.of(TestServers.kafka(), db, anvil.url(), feeds.toString(), markers.toString(), topic, FRIEND));
            keys.forEach((agent, key) -> childArgs.add(agent + "=" + key));
            try (Mentions mentions = new Mentions(feeds, keys.keySet())) {
                for (String node : List.of("n1", "n2", "n3")) {
                    start(node);
                }
                awaitTrue("three nodes share the agents", 90, () -> owners(db).values().stream().distinct().count() == 3);
                mentions.start();
                awaitTrue("the first mentions answered", 60, () -> mentions.count() >= AGENTS && mentions.answered(AGENTS) == AGENTS);

                String first = killMidTurn(db, "n4");
                verifyAfter("SIGKILL of " + first, mentions, chain, keys);
                String second = killMidTurn(db, "n5");
                verifyAfter("SIGKILL of " + second, mentions, chain, keys);
                Paused paused = pausePastSessionTimeout(db);
                verifyAfter("SIGSTOP and SIGCONT of " + paused.node(), mentions, chain, keys);
                mentions.stop();
                Thread.sleep(2_000); // time for a duplicate to show, if there were one
                String summary = "killed " + first + " and " + second + ", paused " + paused.node() + "; logs in " + dir;
                verifyAfter("end of the stream", mentions, chain, keys);
                processes.values().forEach(p -> p.toHandle().destroyForcibly());
                verifyJournal(db, keys.keySet(), summary);
                verifyFencing(paused, summary);
                System.out.printf("[cluster] failover: %d mentions answered once each and in order, %d transfers each mined once and in order (%s)%n",
                        mentions.count(), mentions.of(null, mentions.count()).stream().filter(Mentions.Mention::pay).count(), summary);
            }
        } finally {
            processes.values().forEach(p -> p.toHandle().destroyForcibly());
        }
    }

    /** SIGKILLs a node right after it mined a transfer (before the journal has it), waits until others own its agents, starts a new node. */
    private String killMidTurn(String db, String replacement) throws Exception {
        long since = System.currentTimeMillis();
        String marker = awaitMarker("sent-", since);
        String victim = marker.split("-")[1];
        long killed = System.currentTimeMillis();
        processes.get(victim).toHandle().destroyForcibly();
        assertThat(processes.get(victim).waitFor(20, TimeUnit.SECONDS)).isTrue();
        awaitTrue(victim + "'s agents owned by the others", 60, () -> !owners(db).containsValue(victim));
        System.out.printf("[cluster] SIGKILL %s mid-turn (%s); its agents taken over %d ms later%n", victim, marker,
                System.currentTimeMillis() - killed);
        start(replacement);
        return victim;
    }

    private record Paused(String node, long stoppedAt, Map<String, Long> epochsBefore) {}

    /** SIGSTOPs a node while its model thinks about a payment, until the group gave its agents to others, then SIGCONTs it. */
    private Paused pausePastSessionTimeout(String db) throws Exception {
        String marker = awaitMarker("reason-", System.currentTimeMillis());
        String victim = marker.split("-")[1];
        long pid = processes.get(victim).pid();
        long stoppedAt = System.currentTimeMillis();
        signal("STOP", pid);
        Map<String, Long> before = epochs(db);
        awaitTrue(victim + "'s agents owned by the others while it is stopped", 60, () -> !owners(db).containsValue(victim));
        System.out.printf("[cluster] SIGSTOP %s (%s); its agents taken over %d ms later; SIGCONT in 1 s%n", victim, marker,
                System.currentTimeMillis() - stoppedAt);
        Thread.sleep(1_000);
        signal("CONT", pid);
        return new Paused(victim, stoppedAt, before);
    }

    /**
     * After a fault: every mention written so far gets answered; then, on the feeds, each of them
     * exactly once and in order, no mention answered twice; on the chain, each payment asked so far
     * exactly once, in order, and nothing that was not asked.
     */
    private void verifyAfter(String fault, Mentions mentions, ChainReader chain, Map<String, String> keys) throws Exception {
        int upTo = mentions.count();
        awaitTrue("the " + upTo + " mentions written until after the " + fault + " answered", 300, () -> mentions.answered(upTo) == upTo);
        String context = "after the " + fault + "; logs in " + dir;
        List<ChainReader.Tx> txs = chain.transactions();
        for (String agent : mentions.agents()) {
            List<Mentions.Mention> asked = mentions.of(agent, upTo);
            Map<String, List<Long>> replies = new HashMap<>();
            for (FeedPost p : mentions.read(agent)) {
                if (p.author().id().equals(agent) && p.inReplyTo().isPresent()) {
                    replies.computeIfAbsent(p.inReplyTo().get(), k -> new ArrayList<>()).add(Long.parseLong(p.id()));
                }
            }
            assertThat(replies.values()).as("no mention of %s answered twice (%s)", agent, context).allMatch(r -> r.size() == 1);
            List<Long> order = new ArrayList<>();
            for (Mentions.Mention m : asked) {
                assertThat(replies.getOrDefault(m.postId(), List.of())).as("replies of %s to mention #%d (%s)", agent, m.n(), context).hasSize(1);
                order.add(replies.get(m.postId()).get(0));
            }
            assertThat(order).as("%s answered its mentions in order (%s)", agent, context).isSorted();

            String address = Credentials.create(keys.get(agent)).getAddress().toLowerCase();
            List<Integer> paid = txs.stream().filter(t -> t.from().equals(address)).sorted((a, b) -> Long.compare(a.nonce(), b.nonce()))
                    .peek(t -> assertThat(t.to()).isEqualTo(FRIEND.toLowerCase()))
                    .map(t -> t.value().divide(MICRO_ETH).intValueExact()).toList();
            List<Integer> pays = mentions.of(agent, mentions.count()).stream().filter(Mentions.Mention::pay).map(Mentions.Mention::n).toList();
            List<Integer> due = asked.stream().filter(Mentions.Mention::pay).map(Mentions.Mention::n).toList();
            assertThat(paid).as("transfers of %s by nonce: each once and in order (%s)", agent, context).doesNotHaveDuplicates().isSorted();
            assertThat(pays).as("transfers of %s: only payments asked for (%s)", agent, context).containsAll(paid);
            assertThat(paid).as("transfers of %s: every payment asked until the %s (%s)", agent, fault, context).containsAll(due);
        }
        System.out.printf("[cluster] after the %s: %d mentions answered once each and in order, %d payments mined once each and in order%n",
                fault, upTo, txs.size());
    }

    private static void verifyJournal(String db, Set<String> agents, String summary) {
        try (AgentryStore store = AgentryStore.builder().postgres(db, "postgres", "").embeddingModel(new HashEmbedding(), "hash").build()) {
            for (String agent : agents) {
                assertThat(store.pending(agent)).as("pending events of %s (%s)", agent, summary).isEmpty();
                assertThat(store.deadLetters(agent)).as("dead letters of %s (%s)", agent, summary).isEmpty();
            }
        }
    }

    private void verifyFencing(Paused paused, String summary) throws IOException {
        Path exec = markers.resolve("exec-" + paused.node() + ".log");
        List<String> after = Files.exists(exec) ? Files.readAllLines(exec).stream()
                .filter(l -> Long.parseLong(l.split(" ")[0]) >= paused.stoppedAt()).toList() : List.of();
        for (String line : after) {
            String[] f = line.split(" ");
            assertThat(Long.parseLong(f[3])).as("%s started transfer #%s for %s after the pause: only with an epoch claimed after it (%s)",
                    paused.node(), f[2], f[1], summary).isGreaterThan(paused.epochsBefore().getOrDefault(f[1], 0L));
        }
        long refused = logs.stream().filter(l -> l.getFileName().toString().equals(paused.node() + ".log")).mapToLong(l -> count(l, "was taken over"))
                .sum();
        System.out.printf("[cluster] paused node %s: %d journal writes refused by the fence after SIGCONT, %d transfers started after the pause,"
                + " all with a new epoch%n", paused.node(), refused, after.size());
    }

    private void start(String node) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ClusterChild.class.getName(), node));
        cmd.addAll(childArgs);
        Path log = dir.resolve(node + ".log");
        logs.add(log);
        processes.put(node, new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    /** The first marker with this prefix written at or after {@code since} by a process still running. */
    private String awaitMarker(String prefix, long since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(markers)) {
                Optional<String> hit = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
                        .filter(n -> processes.get(n.split("-")[1]).isAlive() && written(n) >= since).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + prefix + " marker within 60 s; logs in " + dir);
    }

    private long written(String marker) {
        try {
            return Long.parseLong(Files.readString(markers.resolve(marker)).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> owners(String db) {
        Map<String, String> owners = new HashMap<>();
        query(db, "SELECT agent_id, owner FROM agent_epochs", rs -> owners.put(rs.getString(1), rs.getString(2)));
        return owners;
    }

    private static Map<String, Long> epochs(String db) {
        Map<String, Long> epochs = new HashMap<>();
        query(db, "SELECT agent_id, epoch FROM agent_epochs", rs -> epochs.put(rs.getString(1), rs.getLong(2)));
        return epochs;
    }

    private interface RowReader {
        void read(ResultSet rs) throws Exception;
    }

    private static void query(String db, String sql, RowReader reader) {
        try (Connection c = DriverManager.getConnection(db, "postgres", ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (Exception e) {
            throw new IllegalStateException(sql + ": " + e, e);
        }
    }

    private static long count(Path log, String text) {
        try {
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Six agent ids on six different partitions of a six-partition topic, each with a wallet key of its own. */
    private static Map<String, String> agentKeys() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        Set<Integer> used = new TreeSet<>();
        for (int i = 0; keys.size() < AGENTS; i++) {
            String id = "agent-" + i;
            if (used.add(AgentPartitions.of(id, AGENTS))) {
                byte[] seed = MessageDigest.getInstance("SHA-256").digest(("agentry cluster test wallet " + id).getBytes(StandardCharsets.UTF_8));
                keys.put(id, "0x" + HexFormat.of().formatHex(seed));
            }
        }
        return keys;
    }

    private static void awaitTrue(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The steady stream: one mention every 150 ms, round robin over the agents' feeds; every third asks for a payment. */
    private static final class Mentions implements AutoCloseable {
        record Mention(String agent, String postId, int n, boolean pay) {}

        private final Map<String, LocalFeed> feeds = new LinkedHashMap<>();
        private final List<Mention> sent = new CopyOnWriteArrayList<>();
        private volatile boolean running;
        private Thread thread;

        Mentions(Path dir, Set<String> agents) {
            agents.forEach(a -> feeds.put(a, LocalFeed.builder().name("local").self("owner").file(dir.resolve(a + ".jsonl")).build()));
        }

        void start() {
            running = true;
            thread = Thread.ofPlatform().name("mentions").start(() -> {
                List<String> agents = List.copyOf(feeds.keySet());
                for (int n = 1; running; n++) {
                    String agent = agents.get(n % agents.size());
                    boolean pay = n % 3 == 0;
                    String id = feeds.get(agent).append("owner", "@" + agent + (pay ? " pay #" : " hello #") + n).id();
                    sent.add(new Mention(agent, id, n, pay));
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        int count() {
            return sent.size();
        }

        Set<String> agents() {
            return feeds.keySet();
        }

        /** The first {@code upTo} mentions written, of one agent (all agents for null). */
        List<Mention> of(String agent, int upTo) {
            return List.copyOf(sent).subList(0, upTo).stream().filter(m -> agent == null || m.agent().equals(agent)).toList();
        }

        List<FeedPost> read(String agent) {
            return feeds.get(agent).posts();
        }

        /** How many of the first {@code upTo} mentions have a reply from their agent. */
        int answered(int upTo) {
            int answered = 0;
            for (String agent : agents()) {
                Set<String> repliedTo = new java.util.HashSet<>();
                read(agent).stream().filter(p -> p.author().id().equals(agent)).forEach(p -> p.inReplyTo().ifPresent(repliedTo::add));
                answered += (int) of(agent, upTo).stream().filter(m -> repliedTo.contains(m.postId())).count();
            }
            return answered;
        }

        @Override
        public void close() throws InterruptedException {
            if (thread != null) {
                stop();
            }
        }
    }
}
