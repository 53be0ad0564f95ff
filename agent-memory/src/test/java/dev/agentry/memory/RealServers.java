package dev.agentry.memory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts and stops a throwaway PostgreSQL cluster (any installed server, 15 or later, found by
 * {@link PostgresBinaries}) or a PGlite server with pgvector. Fails (never skips) when it cannot,
 * saying what to install.
 */
final class RealServers {
    private RealServers() {}

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("package.json"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no package.json above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A running PostgreSQL cluster on a free 127.0.0.1 port, its data in a temporary folder. */
    static final class Postgres implements AutoCloseable {
        final Path dir;
        final int port;
        private final Path bin;

        private Postgres(Path bin, Path dir, int port) {
            this.bin = bin;
            this.dir = dir;
            this.port = port;
        }

        static Postgres start() throws Exception {
            Path bin = PostgresBinaries.find().bin();
            Path base = Files.createTempDirectory(Path.of("/tmp"), "agentry-pg");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dir = base.resolve("data");
            if (asRoot()) {
                if (new ProcessBuilder("id", "-u", "postgres").start().waitFor() != 0) {
                    throw new IllegalStateException("running as root, the server must run as another user, and there is no 'postgres' user:"
                            + " create it with `useradd --system postgres` (the postgresql package does)");
                }
                run(List.of("chown", "postgres", base.toString()));
            }
            run(asServerUser(bin.resolve("initdb").toString(), "-D", dir.toString(), "-A", "trust", "-E", "UTF8", "--no-sync", "-U", "postgres"));
            int port = freePort();
            run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-w", "-l", base.resolve("log").toString(), "-o",
                    "-c listen_addresses=127.0.0.1 -p " + port + " -k " + base + " -c fsync=off", "start"));
            return new Postgres(bin, dir, port);
        }

        /** initdb and postgres refuse to run as root: as root, they run as the {@code postgres} user the server package creates. */
        private static boolean asRoot() throws Exception {
            return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
        }

        private static List<String> asServerUser(String... command) throws Exception {
            List<String> out = new ArrayList<>();
            if (asRoot()) {
                out.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            out.addAll(List.of(command));
            return out;
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }

        /** Creates a fresh database and returns its URL. */
        String newDatabase(String name) throws Exception {
            try (Connection c = DriverManager.getConnection(url(), "postgres", "")) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
        }

        @Override
        public void close() throws Exception {
            run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "stop"));
            run(List.of("rm", "-rf", dir.getParent().toString()));
        }
    }

    /** A running PGlite server with the pgvector extension. */
    static final class Pglite implements AutoCloseable {
        final Process process;
        final int port;

        private Pglite(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Pglite start() throws Exception {
            Path root = repoRoot();
            Path server = root.resolve("node_modules/.bin/pglite-server");
            if (!Files.exists(server)) {
                throw new IllegalStateException("pglite-server not found at " + server + ": run npm install in " + root);
            }
            Path log = Files.createTempFile("pglite", ".log");
            Process p = new ProcessBuilder(server.toString(), "-p", "0", "-e", "@electric-sql/pglite-pgvector:vector")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Pattern port = Pattern.compile("\"port\":(\\d+)");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                Matcher m = port.matcher(Files.readString(log));
                if (m.find()) {
                    return new Pglite(p, Integer.parseInt(m.group(1)));
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("pglite-server exited: " + Files.readString(log));
                }
                Thread.sleep(200);
            }
            p.destroyForcibly();
            throw new IllegalStateException("pglite-server did not print its port within 90 s: " + Files.readString(log));
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?prepareThreshold=0&sslmode=disable";
        }

        @Override
        public void close() throws Exception {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
