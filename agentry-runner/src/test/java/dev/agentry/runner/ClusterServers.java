package dev.agentry.runner;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The real servers {@link ClusterRunIT} runs a node against, as agent-cluster's tests start them: a
 * Kafka 4 KRaft broker in this JVM (Kafka's KafkaClusterTestKit) and the PostgreSQL server
 * installed on the machine ({@code $PG_BIN}, else the newest {@code /usr/lib/postgresql/N/bin}) in
 * a temporary folder on a free 127.0.0.1 port, with one database {@code agentry}. Failing to start
 * either throws, failing the test. {@link #close()} stops both and removes their folders.
 */
final class ClusterServers implements AutoCloseable {
    private final KafkaClusterTestKit kafka;
    private final Path pgBin;
    private final Path pgBase;
    private final int pgPort;
    private final boolean root;

    private ClusterServers(KafkaClusterTestKit kafka, Path pgBin, Path pgBase, int pgPort, boolean root) {
        this.kafka = kafka;
        this.pgBin = pgBin;
        this.pgBase = pgBase;
        this.pgPort = pgPort;
        this.root = root;
    }

    static ClusterServers start() throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        Path bin = pgBinaries();
        Path base = Files.createTempDirectory(Path.of("/tmp"), "agentry-runner-pg");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        boolean root = "0".equals(run(List.of("id", "-u"), false).trim());
        if (root) {
            run(List.of("chown", "postgres", base.toString()), true);
        }
        int port = freePort();
        ClusterServers servers = new ClusterServers(kafka, bin, base, port, root);
        run(servers.asServer(bin.resolve("initdb").toString(), "-D", base.resolve("data").toString(), "-A", "trust", "-E", "UTF8", "--no-sync",
                "-U", "postgres"), true);
        run(servers.asServer(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-w", "-l", base.resolve("log").toString(),
                "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + base + " -c fsync=off", "start"), true);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE agentry");
        }
        return servers;
    }

    /** @return the broker's bootstrap address on 127.0.0.1 */
    String bootstrap() {
        return kafka.bootstrapServers().replace("localhost", "127.0.0.1");
    }

    /** @return the database's JDBC URL (user postgres, any password) */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/agentry";
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            kafka.close();
        } finally {
            run(asServer(pgBin.resolve("pg_ctl").toString(), "-D", pgBase.resolve("data").toString(), "-m", "immediate", "stop"), false);
            run(List.of("rm", "-rf", pgBase.toString()), false);
        }
    }

    private List<String> asServer(String... command) {
        List<String> out = new ArrayList<>(root ? List.of("runuser", "-u", "postgres", "--") : List.of());
        out.addAll(List.of(command));
        return out;
    }

    private static Path pgBinaries() throws Exception {
        String explicit = System.getenv("PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
        } else if (Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
                versions.forEach(v -> candidates.add(v.resolve("bin")));
            }
            candidates.sort((a, b) -> b.toString().compareTo(a.toString()));
        }
        return candidates.stream().filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server found (looked in $PG_BIN and /usr/lib/postgresql/*/bin): "
                        + "install one with `apt-get install postgresql`, or set PG_BIN to its bin folder"));
    }

    private static String run(List<String> command, boolean mustSucceed) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 && mustSucceed) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
