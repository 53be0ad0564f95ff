package dev.agentry.cluster;

import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The real servers the cluster tests share, started once per test JVM and stopped when it exits:
 * a Kafka 4 KRaft broker in process (Kafka's own KafkaClusterTestKit, from Maven Central) and a
 * PostgreSQL server (the one installed on the machine, in a temporary folder, on a free 127.0.0.1
 * port). Either failing to start fails the test that asked for it, saying what is missing. Both
 * stop when the test session ends ({@link StopServers}), before the JVM's shutdown hooks, since the
 * test kit deletes the broker's folders in one and a broker that finds them gone halts the JVM.
 */
final class TestServers {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static KafkaClusterTestKit kafka;
    private static String bootstrap;
    private static Postgres postgres;

    private TestServers() {}

    /** The broker's bootstrap address. */
    static synchronized String kafka() throws Exception {
        if (kafka == null) {
            long t0 = System.nanoTime();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                    .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("group.min.session.timeout.ms", "1000")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            kafka = cluster;
            bootstrap = cluster.bootstrapServers().replace("localhost", "127.0.0.1");
            System.out.printf("[cluster] Kafka broker (KRaft, in process) at %s in %d ms%n", bootstrap, (System.nanoTime() - t0) / 1_000_000);
        }
        return bootstrap;
    }

    /** Stops the broker and the database server, if started. */
    static synchronized void stopAll() {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (Exception e) {
                System.err.println("stopping the broker failed: " + e);
            }
            kafka = null;
        }
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
    }

    /** A new, empty database on the shared PostgreSQL server; returns its JDBC URL (user postgres, no password). */
    static synchronized String newDatabase(String prefix) throws Exception {
        if (postgres == null) {
            postgres = Postgres.start();
            Postgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(postgres.url("postgres"), "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return postgres.url(name);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The installed PostgreSQL server (15+), as the {@code postgres} user when running as root. */
    static final class Postgres {
        private final Path bin;
        private final Path base;
        private final int port;

        private Postgres(Path bin, Path base, int port) {
            this.bin = bin;
            this.base = base;
            this.port = port;
        }

        static Postgres start() throws Exception {
            Path bin = binaries();
            Path base = Files.createTempDirectory(Path.of("/tmp"), "agentry-cluster-pg");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            boolean root = "0".equals(output(List.of("id", "-u")).trim());
            if (root) {
                run(List.of("chown", "postgres", base.toString()));
            }
            Path data = base.resolve("data");
            run(asServer(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-E", "UTF8", "--no-sync", "-U", "postgres"));
            int port = freePort();
            run(asServer(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", base.resolve("log").toString(), "-o",
                    "-c listen_addresses=127.0.0.1 -p " + port + " -k " + base + " -c fsync=off -c max_connections=200", "start"));
            System.out.printf("[cluster] PostgreSQL (%s) on 127.0.0.1:%d%n", bin, port);
            return new Postgres(bin, base, port);
        }

        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        void stop() {
            if (!Files.exists(base)) {
                return;
            }
            try {
                boolean root = "0".equals(output(List.of("id", "-u")).trim());
                run(asServer(root, bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "immediate", "stop"));
                run(List.of("rm", "-rf", base.toString()));
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL failed: " + e);
            }
        }

        /** {@code $PG_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin} (Debian's layout). */
        private static Path binaries() throws Exception {
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
            return candidates.stream().filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no PostgreSQL server found (looked in $PG_BIN and "
                            + "/usr/lib/postgresql/*/bin): install one with `apt-get install postgresql`, or set PG_BIN to its bin folder"));
        }

        private static List<String> asServer(boolean root, String... command) {
            List<String> out = new ArrayList<>();
            if (root) {
                out.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            out.addAll(List.of(command));
            return out;
        }

        private static void run(List<String> command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        }

        private static String output(List<String> command) throws Exception {
            Process p = new ProcessBuilder(command).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        }
    }
}
