package dev.agentry.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real local EVM node for tests and sample bots: Foundry's Anvil on a free 127.0.0.1 port, in
 * a temporary folder, serving chain id 31337 with ten funded dev accounts. The one class in
 * Agentry that starts Anvil.
 *
 * <p>The binary is looked up, in order, at {@code $ANVIL_BIN}, in the npm package
 * {@code @foundry-rs/anvil-linux-amd64} under the nearest {@code node_modules} at or above the
 * working directory, and on {@code PATH}. Nothing is installed at run time: when the binary is
 * missing, {@link #start()} throws with the exact command to run. Tests must fail, never skip.
 *
 * <pre>{@code
 * try (Anvil anvil = Anvil.start()) {
 *     String url = anvil.url();           // http://127.0.0.1:PORT
 * }
 * try (Anvil anvil = Anvil.builder().stateFile(dir.resolve("chain.json")).args("--block-time", "1").start()) { ... }
 * }</pre>
 *
 * <p>{@link #kill()} sends SIGKILL (state since the last {@code --state-interval} dump is lost),
 * {@link #stopGracefully()} SIGTERM (Anvil writes its state file on the way out); {@link #relaunch()}
 * starts the node again on the same port with the same arguments. Not thread-safe.
 */
public final class Anvil implements AutoCloseable {
    /** Dev account 0's private key: public test data of Anvil's "test test … junk" mnemonic. */
    public static final String KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** Dev account 1's private key (public test data). */
    public static final String KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    /** Dev account 2's private key (public test data). */
    public static final String KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
    /** The first six dev accounts' addresses (public test data), account 0 first. */
    public static final List<String> DEV_ADDRESSES = List.of(
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
            "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
            "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");
    /** Dev account 0's address. */
    public static final String ADDRESS_0 = DEV_ADDRESSES.get(0);
    /** Dev account 1's address. */
    public static final String ADDRESS_1 = DEV_ADDRESSES.get(1);
    /** Dev account 2's address. */
    public static final String ADDRESS_2 = DEV_ADDRESSES.get(2);
    /** The npm package that ships the Linux x86-64 binary. */
    public static final String NPM_PACKAGE = "@foundry-rs/anvil-linux-amd64";

    private final Path binary;
    private final Path dir;
    private final int port;
    private final List<String> args;
    private Process process;
    private Thread shutdownHook;

    private Anvil(Path binary, Path dir, int port, List<String> args) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.args = List.copyOf(args);
    }

    /**
     * Starts a fresh throw-away chain with automine.
     *
     * @return the running node
     * @throws IllegalStateException if the binary is missing (the message says what to run) or the
     *     node does not answer within 30 s (the message holds its log)
     */
    public static Anvil start() {
        return builder().start();
    }

    /**
     * Starts a builder for a node with a state file or extra arguments.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds the Anvil binary without starting it.
     *
     * @return its path
     * @throws IllegalStateException if it is nowhere, naming where it looked and what to run
     */
    public static Path binary() {
        return binary(System.getenv(), Path.of("").toAbsolutePath());
    }

    static Path binary(Map<String, String> env, Path workingDirectory) {
        List<String> looked = new ArrayList<>();
        String fromEnv = env.get("ANVIL_BIN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv);
            if (Files.isExecutable(p)) {
                return p;
            }
            looked.add("$ANVIL_BIN=" + p + " (not an executable file)");
        }
        Path projectRoot = null;
        for (Path d = workingDirectory; d != null; d = d.getParent()) {
            Path bin = d.resolve("node_modules").resolve(NPM_PACKAGE).resolve("bin/anvil");
            if (Files.isExecutable(bin)) {
                return bin;
            }
            if (projectRoot == null && Files.exists(d.resolve("package.json"))) {
                projectRoot = d;
            }
        }
        looked.add("node_modules/" + NPM_PACKAGE + "/bin/anvil at and above " + workingDirectory);
        String path = env.getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && Files.isExecutable(Path.of(entry, "anvil"))) {
                return Path.of(entry, "anvil");
            }
        }
        looked.add("anvil on PATH");
        Path installAt = projectRoot == null ? workingDirectory : projectRoot;
        throw new IllegalStateException("Anvil is not installed; looked for " + String.join(", ", looked)
                + ". Install it with: (cd " + installAt + " && npm install " + NPM_PACKAGE + ")"
                + " — or set ANVIL_BIN to an anvil binary");
    }

    /**
     * Returns the JSON-RPC URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Returns the port the node listens on (it stays the same across {@link #relaunch()}).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the node's temporary folder; its log is {@code anvil.log} there.
     *
     * @return the folder
     */
    public Path dir() {
        return dir;
    }

    /**
     * Returns whether the node's process is running.
     *
     * @return {@code true} while alive
     */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Kills the node with SIGKILL and waits for it to exit. Idempotent. */
    public void kill() {
        if (alive()) {
            process.destroyForcibly();
            await(process);
        }
    }

    /** Stops the node with SIGTERM, so Anvil writes its state file; kills it after 10 s. Idempotent. */
    public void stopGracefully() {
        if (alive()) {
            process.destroy();
            await(process);
        }
    }

    /**
     * Starts the node again on the same port with the same arguments, after {@link #kill()} or
     * {@link #stopGracefully()}. With a state file, the chain resumes from it.
     *
     * @throws IllegalStateException if the node is still running or does not come up
     */
    public void relaunch() {
        if (alive()) {
            throw new IllegalStateException("anvil on port " + port + " is still running; kill or stop it first");
        }
        launch();
    }

    /** Stops the node gracefully and removes its shutdown hook. Idempotent. */
    @Override
    public void close() {
        stopGracefully();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            shutdownHook = null;
        }
    }

    @Override
    public String toString() {
        return "Anvil[" + url() + (alive() ? "" : ", stopped") + "]";
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
        cmd.addAll(args);
        Path log = dir.resolve("anvil.log");
        AnvilLaunch launch = new AnvilLaunch(log, url());
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> process.destroy(), "agentry-anvil-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        launch.awaitReady(process, this::kill);
    }

    private static void await(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }

    /** Configures a node before it starts. Each setting may be given once. Not thread-safe. */
    public static final class Builder {
        private Optional<Path> stateFile = Optional.empty();
        private Duration stateInterval;
        private final List<String> args = new ArrayList<>();
        private boolean argsSet;
        private int port;

        private Builder() {}

        /**
         * The loopback port to listen on; a free one unless set. For a node that replaces an
         * earlier one at the same address (clients keep their URL); the port must be free.
         *
         * @param port 1 to 65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder port(int port) {
            if (this.port != 0) {
                throw new IllegalStateException("port was already set to " + this.port);
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Loads the chain from this file at start and dumps it there periodically and on SIGTERM
         * (Anvil's {@code --state}), so a chain survives restarts and kills.
         *
         * @param file the state file; its folder must exist
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder stateFile(Path file) {
            if (stateFile.isPresent()) {
                throw new IllegalStateException("stateFile was already set to " + stateFile.get());
            }
            stateFile = Optional.of(Objects.requireNonNull(file, "file").toAbsolutePath());
            return this;
        }

        /**
         * How often the state file is written ({@code --state-interval}); 2 s unless set. Needs a
         * state file.
         *
         * @param interval at least one second
         * @return this builder
         * @throws IllegalArgumentException if shorter than a second
         * @throws IllegalStateException if already set
         */
        public Builder stateInterval(Duration interval) {
            if (stateInterval != null) {
                throw new IllegalStateException("stateInterval was already set to " + stateInterval);
            }
            if (interval.toSeconds() < 1) {
                throw new IllegalArgumentException("stateInterval must be at least 1 s, was " + interval);
            }
            stateInterval = interval;
            return this;
        }

        /**
         * More Anvil arguments, for example {@code "--block-time", "1"}.
         *
         * @param more the arguments
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder args(String... more) {
            if (argsSet) {
                throw new IllegalStateException("args were already set to " + args);
            }
            argsSet = true;
            args.addAll(List.of(more));
            return this;
        }

        /**
         * Starts the node.
         *
         * @return the running node
         * @throws IllegalStateException if the binary is missing or the node does not start
         */
        public Anvil start() {
            if (stateInterval != null && stateFile.isEmpty()) {
                throw new IllegalStateException("stateInterval needs a stateFile");
            }
            List<String> all = new ArrayList<>();
            stateFile.ifPresent(f -> all.addAll(List.of("--state", f.toString(), "--state-interval",
                    Long.toString(stateInterval == null ? 2 : stateInterval.toSeconds()))));
            all.addAll(args);
            Path dir;
            try {
                dir = Files.createTempDirectory("agentry-anvil");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary folder for anvil: " + e.getMessage(), e);
            }
            Anvil node = new Anvil(binary(), dir, port != 0 ? port : freePort(), all);
            node.launch();
            return node;
        }
    }
}
