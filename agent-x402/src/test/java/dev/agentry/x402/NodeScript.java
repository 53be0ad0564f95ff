package dev.agentry.x402;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs the counterpart scripts of {@code src/test/node} with node, against the npm {@code x402}
 * package installed at the repository root. A missing node or package fails the test with what to run.
 */
final class NodeScript implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private NodeScript(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Path script(String name) {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(root.resolve("node_modules/x402"))) {
            throw new IllegalStateException("the npm package x402 is missing under " + root + "; run: npm ci");
        }
        return root.resolve("agent-x402/src/test/node").resolve(name);
    }

    /** Starts a script; its stderr goes to a file beside the build output. */
    static NodeScript start(String name, Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("node", script(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(Path.of("target", name + ".stderr.log").toFile());
        pb.environment().putAll(env);
        try {
            Files.createDirectories(Path.of("target"));
            return new NodeScript(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name + " (is node on PATH?)", e);
        }
    }

    /** Reads the script's next output line as JSON (fails after 60 s). */
    JsonNode line() {
        try {
            String line = out.readLine();
            if (line == null) {
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("the script printed nothing (exit " + (process.isAlive() ? "running" : process.exitValue())
                        + "); see target/*.stderr.log");
            }
            return LocalUsdc.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
