package dev.agentry.runner;

import dev.agentry.core.AgentryException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code agentry} command: runs a bot from a folder holding its persona, configuration and
 * knowledge, without writing Java.
 *
 * <pre>
 * agentry run BOT [--script FILE] [--data DIR]   run the bot (or play a scripted conversation)
 * agentry run BOT --cluster BROKERS JDBC_URL     run it as a node of a cluster (Kafka, PostgreSQL)
 * agentry chat BOT                             talk with it in the terminal
 * agentry check BOT                            report every problem of its folder at once
 * agentry init NAME                            create a bot folder from a template
 * agentry mcp BOT                              serve its tools to MCP clients
 * </pre>
 *
 * <p>A mistake of the user (a bad command line, a folder that is not a bot, an invalid
 * configuration) prints one clear message on standard error and exits with a non-zero status,
 * without a stack trace unless {@code --debug} is given; nothing is started or created before the
 * bot's folder has passed the check. Exit status: 0 done, 1 failed, 2 bad command line.
 * {@code agentry --help} prints the usage.
 */
public final class Agentry {
    private Agentry() {}

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--debug")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
        }
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs a command.
     *
     * @param args the command line
     * @param env the environment
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (CommandLine.wantsHelp(args)) {
            out.print(CommandLine.usage());
            return 0;
        }
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (UserError e) {
            err.println("agentry: " + e.getMessage());
            return 2;
        }
        try {
            return switch (line.command()) {
                case INIT -> {
                    BotTemplate.create(line.target(), out);
                    yield 0;
                }
                case CHECK -> check(line, env, out, err);
                case RUN, CHAT, MCP -> Launch.run(line, env, out, err);
            };
        } catch (AgentryException e) {
            err.println("agentry: " + e.getMessage());
            if (line.debug()) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (RuntimeException e) {
            err.println("agentry: failed: " + describe(e) + (line.debug() ? "" : " (agentry ... --debug shows the stack trace)"));
            if (line.debug()) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static int check(CommandLine line, Map<String, String> env, PrintStream out, PrintStream err) {
        BotFolder folder = BotFolder.locate(line.target());
        PluginJars.Installed jars = PluginJars.install(folder);
        Problems problems;
        try {
            BotCheck.Result checked = BotCheck.check(folder, env, false);
            line.cluster().ifPresent(cluster -> ClusterRun.check(checked, folder));
            problems = checked.problems();
        } finally {
            jars.close();
        }
        if (!problems.isEmpty()) {
            return Launch.report(folder, problems, err);
        }
        out.println(BotFolder.shown(folder.dir()) + ": ok (configuration, persona, environment variables, plugins"
                + (java.nio.file.Files.exists(folder.demo()) ? ", demo.json" : "") + (line.cluster().isPresent() ? ", cluster node" : "") + ")");
        return 0;
    }

    /** A failure's message with the chain of causes, for the one line a user sees. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
            if (!text.toString().contains(message)) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }
}
