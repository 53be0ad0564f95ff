package dev.agentry.runner;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code target/agentry.jar} in its own JVM from the repository root, as a user would
 * ({@code java -jar}), with a clean environment: no model key, no chain settings. A run that does
 * not end in time fails the test with the output so far.
 */
final class AgentryProcess {
    static final Path ROOT = Path.of(System.getProperty("agentry.root", "..")).toAbsolutePath().normalize();
    static final Path JAR = Path.of(System.getProperty("agentry.jar", "target/agentry.jar")).toAbsolutePath();
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final List<String> CLEARED = List.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "ANTHROPIC_API_KEY", "AGENT_PRIVATE_KEY",
            "RPC_URL", "TIP_TOKEN", "CHAIN");

    private AgentryProcess() {}

    /**
     * What a finished run printed.
     *
     * @param status the exit status
     * @param out standard output
     * @param err standard error
     */
    record Finished(int status, String out, String err) {
        String all() {
            return "status " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Builds the process: {@code java -jar agentry.jar ARGS} in the repository root, stdout and stderr into files in {@code dir}. */
    static ProcessBuilder builder(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeAll(CLEARED);
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs to the end with the given standard input. */
    static Finished run(Path dir, Map<String, String> env, String input, String... args) throws IOException, InterruptedException {
        Path stdin = Files.writeString(dir.resolve("stdin.txt"), input);
        Process process = builder(dir, env, args).redirectInput(stdin.toFile()).start();
        return finish(process, dir, 4);
    }

    /** Waits for a started process and collects its output. */
    static Finished finish(Process process, Path dir, int minutes) throws IOException, InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("agentry did not end within " + minutes + " minutes; its output so far:\n" + Files.readString(dir.resolve("stdout.txt"))
                    + "\n" + Files.readString(dir.resolve("stderr.txt")));
        }
        return new Finished(process.exitValue(), Files.readString(dir.resolve("stdout.txt")), Files.readString(dir.resolve("stderr.txt")));
    }

    /** Waits until a file of the run holds a text, failing (with the output) after a minute. */
    static void awaitOutput(Path dir, String text) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (Files.readString(dir.resolve("stdout.txt")).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("\"" + text + "\" was not printed within a minute; output:\n" + Files.readString(dir.resolve("stdout.txt"))
                + "\n" + Files.readString(dir.resolve("stderr.txt")));
    }

    /** Returns the first group of a pattern's first match in a text, failing if there is none. */
    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            fail("no match for " + regex + " in:\n" + text);
        }
        return m.group(1);
    }

    /** Returns the first group of every match. */
    static List<String> findAll(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** An ERC-20 balance read over JSON-RPC, in whole tokens (18 decimals). */
    static BigDecimal tokenBalance(String rpcUrl, String token, String holder) throws IOException, InterruptedException {
        String data = "0x70a08231" + "0".repeat(24) + holder.substring(2).toLowerCase();
        String hex = rpc(rpcUrl, "eth_call", "[{\"to\":\"" + token + "\",\"data\":\"" + data + "\"},\"latest\"]");
        return new BigDecimal(new BigInteger(hex.substring(2), 16)).movePointLeft(18);
    }

    /** A JSON-RPC call whose result is a hex string. */
    static String rpc(String rpcUrl, String method, String params) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rpcUrl))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("\"result\"\\s*:\\s*\"(0x[0-9a-fA-F]*)\"").matcher(response.body());
        if (!m.find()) {
            throw new AssertionError(method + " failed: " + response.body());
        }
        return m.group(1);
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    static void interrupt(Process process) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start().waitFor();
        if (status != 0) {
            fail("kill -INT " + process.pid() + " failed with status " + status);
        }
    }
}
