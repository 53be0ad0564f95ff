package dev.agentry.tools.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;

/**
 * A real Anvil node for tests: started from the npm package {@code @foundry-rs/anvil-linux-amd64}
 * (found by walking up from the working directory to the folder holding {@code package.json}),
 * on a free 127.0.0.1 port, in a temporary directory. Fails (never skips) if the binary is
 * missing. Copy freely.
 *
 * <pre>{@code
 * try (AnvilNode anvil = AnvilNode.start()) {
 *     String url = anvil.url();           // http://127.0.0.1:PORT, chain id 31337
 * }
 * }</pre>
 */
public final class AnvilNode implements AutoCloseable {
    /** Dev account 0's private key (public test data of the "test test ... junk" mnemonic). */
    public static final String KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** Dev account 0's address. */
    public static final String ADDRESS_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    /** Dev account 1's private key. */
    public static final String KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    /** Dev account 1's address. */
    public static final String ADDRESS_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    /** Dev account 2's address. */
    public static final String ADDRESS_2 = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private final Path binary;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private AnvilNode(Path binary, Path dir, int port, List<String> extraArgs) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /**
     * Starts Anvil on a free port with automine.
     *
     * @param extraArgs more anvil arguments, for example {@code "--block-time", "1"}
     * @return the running node
     */
    public static AnvilNode start(String... extraArgs) {
        try {
            AnvilNode node = new AnvilNode(binary(), Files.createTempDirectory("anvil"), freePort(), List.of(extraArgs));
            node.launch();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Locates the Anvil binary.
     *
     * @return its path
     * @throws IllegalStateException if not installed (tests must fail, not skip)
     */
    public static Path binary() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("package.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no package.json above " + Path.of("").toAbsolutePath() + "; run npm install at the repository root");
        }
        Path bin = dir.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("Anvil binary missing at " + bin + "; run npm install at " + dir);
        }
        return bin;
    }

    /**
     * Returns the repository root (the folder holding {@code package.json}).
     *
     * @return the root
     */
    public static Path repositoryRoot() {
        return binary().getParent().getParent().getParent().getParent().getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("anvil.log").toFile())).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("anvil.log")));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("anvil did not answer on " + url() + " within 20 s");
    }

    /** @return the JSON-RPC URL */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /** Kills the node (state is lost). */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts a fresh node on the same port (after {@link #stop()}). */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
