package dev.agentry.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the TypeScript MCP SDK scripts of these tests with node. Fails (never skips) when node or
 * the SDK is missing, saying what to run.
 */
final class NodeScripts {
    static final String SDK = "@modelcontextprotocol/sdk";

    private NodeScripts() {}

    /** The node binary on PATH. */
    static Path node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("node is not on PATH; these tests run the official MCP TypeScript SDK with node 18 or later");
    }

    /** The directory holding package.json whose node_modules has the SDK, found walking up from the working directory. */
    static Path projectRoot() {
        Path start = Path.of("").toAbsolutePath();
        Path firstPackageJson = null;
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("package.json"))) {
                if (Files.exists(d.resolve("node_modules").resolve(SDK).resolve("package.json"))) {
                    return d;
                }
                firstPackageJson = firstPackageJson == null ? d : firstPackageJson;
            }
        }
        throw new IllegalStateException("the MCP TypeScript SDK (" + SDK + ") is not installed above " + start
                + "; run: (cd " + (firstPackageJson == null ? start : firstPackageJson) + " && npm ci)");
    }

    /** A script from the test resources, checked to resolve the SDK from where it lies. */
    static Path script(String name) {
        projectRoot();
        try {
            Path path = Path.of(NodeScripts.class.getResource("/" + name).toURI());
            if (!path.startsWith(projectRoot())) {
                throw new IllegalStateException(path + " is outside " + projectRoot() + ", so node cannot resolve " + SDK + " from it");
            }
            return path;
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    /** Starts a script; its stderr goes to this process's stderr. */
    static Process start(String script, List<String> args, java.util.Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(node().toString(), script(script).toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs a script to its end and returns its standard output; fails if it runs longer than the limit or exits non-zero. */
    static String run(String script, List<String> args, long timeoutSeconds) throws Exception {
        Process process = start(script, args, java.util.Map.of());
        process.getOutputStream().close();
        java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish within " + timeoutSeconds + " s");
        }
        String text = out.get(10, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " exited with " + process.exitValue() + "; output: " + text);
        }
        return text.strip();
    }

    /** Reads lines of a running process's stdout until one starts with the prefix; returns the rest of that line. */
    static String awaitLine(Process process, String prefix) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        throw new IllegalStateException("process ended before printing '" + prefix + "'");
    }
}
