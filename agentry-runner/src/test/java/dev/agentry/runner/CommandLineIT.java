package dev.agentry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.runner.AgentryProcess.Finished;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as a user meets it, each case in its own JVM ({@code java -jar target/agentry.jar}):
 * user errors are one line without a stack trace (unless {@code --debug}), the terminal chat ends
 * on {@code /quit} and at the end of input, Ctrl-C stops a running bot cleanly (its local chain
 * too), and {@code agentry mcp} serves the bot's tools over stdio.
 */
class CommandLineIT {
    @TempDir
    Path dir;

    @Test
    void aUserErrorIsOneLineOnStandardErrorWithoutAStackTraceUnlessDebug() throws Exception {
        Finished wrong = AgentryProcess.run(dir, Map.of(), "", "run", "agent-examples/bots/tipr");
        Finished debug = AgentryProcess.run(dir, Map.of(), "", "run", "agent-examples/bots/tipr", "--debug");

        assertThat(wrong).isEqualTo(new Finished(1, "", "agentry: no bot folder agent-examples/bots/tipr; bot folders in agent-examples/bots: "
                + "herald, launchpad, tipper\n"));
        assertThat(debug.status()).isEqualTo(1);
        assertThat(debug.err()).startsWith(wrong.err()).contains("\tat dev.agentry.runner.BotFolder.locate");
    }

    @Test
    void chatEndsOnQuitAndAtTheEndOfInputAndKeepsItsHistory() throws Exception {
        Path data = dir.resolve("data");

        Finished quit = AgentryProcess.run(dir, Map.of(), "hello\n/quit\nthis line is never read\n", "chat", "agent-examples/bots/herald",
                "--data", data.toString());
        Finished endOfInput = AgentryProcess.run(dir, Map.of(), "alice: what is a bonding curve?\n", "chat", "agent-examples/bots/herald",
                "--data", data.toString());

        assertThat(quit.status()).as(quit.all()).isZero();
        assertThat(quit.out()).contains("/quit, Ctrl-D or Ctrl-C ends", "herald", "[demo model]", "summary: 1 messages").doesNotContain("never read");
        assertThat(endOfInput.status()).as(endOfInput.all()).isZero();
        assertThat(endOfInput.out()).contains("From my notes", "summary: 1 messages");
        assertThat(quit.err() + endOfInput.err()).doesNotContain("Exception");
        assertThat(Files.readString(data.resolve("history"))).contains("hello", "what is a bonding curve?");
    }

    @Test
    void ctrlCAtTheChatPromptEndsTheChatCleanlyInARealTerminal() throws Exception {
        // util-linux's script(1) gives the chat a pseudo-terminal, so JLine reads keys as in a terminal window
        String chat = String.join(" ", AgentryProcess.JAVA, "-jar", AgentryProcess.JAR.toString(), "chat", "agent-examples/bots/herald",
                "--data", dir.resolve("data").toString());
        Process terminal = new ProcessBuilder("script", "-qfec", chat, "/dev/null").directory(AgentryProcess.ROOT.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try (OutputStream keys = terminal.getOutputStream()) {
            AgentryProcess.awaitOutput(dir, "/quit, Ctrl-D or Ctrl-C ends.");
            keys.write("alice: what is a bonding curve?\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            AgentryProcess.awaitOutput(dir, "From my notes");
            keys.write(3);
            keys.flush();
            Finished ended = AgentryProcess.finish(terminal, dir, 1);

            assertThat(ended.status()).as(ended.all()).isZero();
            assertThat(ended.out()).contains("summary: 1 messages").doesNotContain("Exception");
        }
    }

    @Test
    void ctrlCStopsARunningBotCleanlyAndItsLocalChainWithIt() throws Exception {
        Path data = dir.resolve("data");
        Process bot = AgentryProcess.builder(dir, Map.of(), "run", "agent-examples/bots/tipper", "--data", data.toString()).start();
        AgentryProcess.awaitOutput(dir, "tipper is running");
        List<ProcessHandle> children = bot.descendants().toList();

        AgentryProcess.interrupt(bot);
        Finished stopped = AgentryProcess.finish(bot, dir, 1);

        assertThat(stopped.status()).as(stopped.all()).isEqualTo(130);
        assertThat(stopped.out()).contains("agentry: stopping tipper (its turns finish first)");
        assertThat(stopped.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(children).as("the local Anvil node").isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(data.resolve("anvil-state.json")).as("written by Anvil on a graceful stop").isRegularFile();
    }

    @Test
    void mcpServesTheBotsToolsOverStdio() throws Exception {
        Process server = AgentryProcess.builder(dir, Map.of(), "mcp", "agent-examples/bots/tipper", "--data", dir.resolve("data").toString())
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).lines()
                .forEach(lines::add));
        try (OutputStream requests = server.getOutputStream()) {
            send(requests, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
            assertThat(response(lines, "\"id\":1")).contains("\"serverInfo\"");
            send(requests, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(requests, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

            assertThat(response(lines, "\"id\":2")).contains("\"transfer_token\"", "\"recipient_address\"", "\"token_balance\"");
        }
        assertThat(server.waitFor(1, TimeUnit.MINUTES)).as("the server ends when its client disconnects").isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("mcp: serving the tools of tipper");
    }

    private static void send(OutputStream out, String message) throws Exception {
        out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String response(BlockingQueue<String> lines, String id) throws InterruptedException {
        for (String line; (line = lines.poll(90, TimeUnit.SECONDS)) != null; ) {
            if (line.contains(id)) {
                return line;
            }
        }
        throw new AssertionError("no response with " + id + " within 90 seconds");
    }
}
