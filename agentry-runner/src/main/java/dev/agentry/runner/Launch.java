package dev.agentry.runner;

import dev.agentry.mcp.McpAgentServer;
import java.io.Closeable;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code agentry run}, {@code chat} and {@code mcp}: check the bot folder (and stop there, printing
 * every problem, if anything is wrong), start the bot ({@link BotSession}), then play the script,
 * serve until Ctrl-C, talk in the terminal, or serve MCP ({@code --cluster}: run as a cluster node,
 * {@link ClusterRun}). Ctrl-C or SIGTERM while the bot runs stops it cleanly: the runtime drains, the
 * local chain writes its state, the store closes.
 */
final class Launch {
    private Launch() {}

    static int run(CommandLine line, Map<String, String> env, PrintStream out, PrintStream err) {
        if (line.consolePort().isPresent()) {
            OperatorConsoleSlot.requireAvailable();
        }
        BotFolder folder = BotFolder.locate(line.target());
        PluginJars.Installed jars = PluginJars.install(folder);
        try {
            return launch(folder, line, env, out, err);
        } finally {
            jars.close();
        }
    }

    private static int launch(BotFolder folder, CommandLine line, Map<String, String> env, PrintStream out, PrintStream err) {
        PrintStream say = line.command() == CommandLine.Command.MCP ? err : out;
        BotCheck.Result checked = BotCheck.check(folder, env, line.command() == CommandLine.Command.MCP);
        line.cluster().ifPresent(cluster -> ClusterRun.check(checked, folder));
        if (!checked.problems().isEmpty()) {
            return report(folder, checked.problems(), err);
        }
        if (line.cluster().isPresent()) {
            return ClusterRun.serve(folder, checked, line, env, say);
        }
        Optional<Path> script = line.script();
        if (script.isPresent() && !Files.isRegularFile(script.get())) {
            throw new UserError("no script at " + script.get() + (Files.isRegularFile(folder.dir().resolve("script.txt"))
                    ? "; the bot's own script is " + BotFolder.shown(folder.dir().resolve("script.txt")) : ""));
        }
        BotSession session = BotSession.open(folder, checked, line.data(), script.isPresent(), say);
        Thread hook = new Thread(() -> {
            say.println("agentry: stopping " + session.agentId() + " (its turns finish first)");
            session.close();
        }, "agentry-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return switch (line.command()) {
                case RUN -> script.isPresent() ? play(session, script.get(), say) : serve(session, line, env, say);
                case CHAT -> chat(session, say);
                case MCP -> mcp(session, err);
                default -> throw new IllegalStateException(line.command().word);
            };
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                session.close();
            } catch (IllegalStateException shuttingDown) {
                // the hook is closing the session
            }
        }
    }

    /** Prints every problem of a folder, and returns the status of a failed check. */
    static int report(BotFolder folder, Problems problems, PrintStream err) {
        int n = problems.lines().size();
        err.println("agentry: " + BotFolder.shown(folder.dir()) + " has " + n + (n == 1 ? " problem" : " problems") + "; nothing was started:");
        problems.lines().forEach(p -> err.println("  " + p));
        return 1;
    }

    private static Console console(BotSession session, Consumer<String> screen) {
        Console console = new Console(session.runtime(), session.agentId(), session.terminal().feed(), screen);
        session.terminal().autonomous().ifPresent(a -> console.command("tick", a::nextEvent));
        return console;
    }

    private static Closeable timer(BotSession session, Console console) {
        return session.terminal().autonomous().<Closeable>map(a -> console.every(a::nextDelay, a::nextEvent)).orElse(() -> { });
    }

    private static int play(BotSession session, Path script, PrintStream say) {
        Console console = console(session, say::println);
        Console.Summary summary;
        try (Lines lines = Lines.script(script)) {
            summary = console.play(lines, false);
        }
        say.println(summary.line());
        return summary.failures() == 0 ? 0 : 1;
    }

    private static int serve(BotSession session, CommandLine line, Map<String, String> env, PrintStream say) {
        Console console = console(session, say::println);
        Optional<AutoCloseable> operator = line.consolePort().isPresent()
                ? Optional.of(OperatorConsoleSlot.start(session.runtime(), line.consolePort().getAsInt(), env, say)) : Optional.empty();
        say.println(session.agentId() + " is running with its feeds and triggers" + (session.terminal().autonomous().isPresent()
                ? " and posts on its own" : "") + "; Ctrl-C stops it");
        try (Closeable timer = timer(session, console)) {
            new CountDownLatch(1).await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (java.io.IOException e) {
            return 1;
        } finally {
            operator.ifPresent(Launch::closeQuietly);
        }
    }

    private static int chat(BotSession session, PrintStream say) {
        try (TerminalLines lines = TerminalLines.open(session.data().resolve("history"))) {
            Console console = console(session, lines.screen());
            lines.screen().accept("Type messages as different people (alice: hi, >3 bob: reply to post 3); a line without a name is you, "
                    + "the owner." + (session.terminal().autonomous().isPresent() ? " /tick asks for a post now." : "")
                    + " /quit, Ctrl-D or Ctrl-C ends.");
            Console.Summary summary;
            try (Closeable timer = timer(session, console)) {
                summary = console.play(lines, true);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            say.println(summary.line());
        }
        return 0;
    }

    private static int mcp(BotSession session, PrintStream err) {
        McpAgentServer server = McpAgentServer.launch(session.runtime(), session.agentId(), session.config());
        err.println("mcp: serving the tools of " + session.agentId() + " as its mcp.serve section says; it ends when the client disconnects");
        try (server) {
            server.awaitTermination();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            // on the way out
        }
    }
}
