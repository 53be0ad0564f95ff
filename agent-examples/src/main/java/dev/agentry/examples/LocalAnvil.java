package dev.agentry.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local Anvil chain (chain id 31337, ten funded dev accounts) run from the npm package
 * {@code @foundry-rs/anvil-linux-amd64}, for the sample bots' embedded defaults and their tests.
 *
 * <p>The binary is looked up under {@code node_modules} in the repository root (the first folder
 * at or above the working directory holding {@code package.json}); when it is missing,
 * {@code npm install --no-audit --no-fund} is run there first. The node listens on a free
 * 127.0.0.1 port, runs in a temporary folder, and is killed by {@link #close()} (and by a shutdown
 * hook if the JVM exits first). Not thread-safe to start; {@link #url()} may be read from any thread.
 */
public final class LocalAnvil implements AutoCloseable {
    /** Dev account 0's private key: public test data of Anvil's "test test … junk" mnemonic. */
    public static final String DEV_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** The first six dev accounts' addresses (public test data). */
    public static final List<String> DEV_ADDRESSES = List.of(
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
            "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
            "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");

    private final Process process;
    private final Path dir;
    private final int port;
    private final Thread shutdownHook;

    private LocalAnvil(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.shutdownHook = new Thread(process::destroy, "agentry-anvil-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a fresh chain.
     *
     * @return the running node
     * @throws IllegalStateException if Anvil cannot be installed or does not start within 30 s
     */
    public static LocalAnvil start() {
        return start(Optional.empty());
    }

    /**
     * Starts a chain whose state is loaded from and saved to a file (Anvil's {@code --state}), so
     * the chain survives restarts of the bot.
     *
     * @param stateFile the state file, if any; its folder must exist
     * @return the running node
     * @throws IllegalStateException if Anvil cannot be installed or does not start within 30 s
     */
    public static LocalAnvil start(Optional<Path> stateFile) {
        try {
            Path binary = binary();
            Path dir = Files.createTempDirectory("agentry-anvil");
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
            stateFile.ifPresent(f -> cmd.addAll(List.of("--state", f.toAbsolutePath().toString(), "--state-interval", "2")));
            Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("anvil.log").toFile())).start();
            LocalAnvil node = new LocalAnvil(process, dir, port);
            node.awaitReady();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start anvil: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the JSON-RPC URL.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the node (Anvil writes its state file, if any, on the way out). Idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    @Override
    public String toString() {
        return "LocalAnvil[" + url() + "]";
    }

    /**
     * Returns the repository root: the first folder at or above the working directory holding
     * {@code package.json}.
     *
     * @return the root
     * @throws IllegalStateException if there is none
     */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("package.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no package.json at or above " + Path.of("").toAbsolutePath()
                    + "; run the bots from the Agentry repository");
        }
        return dir;
    }

    /**
     * Locates the Anvil binary, running {@code npm install} in the repository root if it is missing.
     *
     * @return the binary
     * @throws IllegalStateException if it is still missing afterwards
     */
    public static Path binary() {
        Path root = repositoryRoot();
        Path bin = root.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(bin)) {
            System.out.println("Anvil is not installed yet: running npm install --no-audit --no-fund in " + root);
            try {
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(root.toFile()).inheritIO().start();
                if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new IllegalStateException("npm install failed in " + root);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run npm (install Node.js and npm): " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while installing anvil", e);
            }
        }
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("Anvil binary missing at " + bin + " after npm install");
        }
        return bin;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("anvil.log")));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for anvil", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for anvil", e);
            }
        }
        close();
        throw new IllegalStateException("anvil did not answer within 30 s; log: " + dir.resolve("anvil.log"));
    }
}
