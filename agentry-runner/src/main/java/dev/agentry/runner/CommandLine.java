package dev.agentry.runner;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parsed command line: {@code agentry COMMAND TARGET [OPTIONS]}. Every mistake is a
 * {@link UserError} that names what is wrong and what would be right.
 *
 * @param command the command
 * @param target the bot folder (or, for {@code init}, the new folder)
 * @param script a scripted conversation to play instead of the terminal ({@code run})
 * @param data the data folder instead of the default
 * @param consolePort the operator console's port ({@code run --console PORT})
 * @param cluster the cluster to join ({@code run --cluster BOOTSTRAP_SERVERS JDBC_URL}; {@code check} checks its form)
 * @param debug whether to show stack traces and debug logs
 */
record CommandLine(Command command, String target, Optional<Path> script, Optional<Path> data, OptionalInt consolePort,
        Optional<ClusterAddress> cluster, boolean debug) {

    /** The commands, with their options and what they do. */
    enum Command {
        RUN("run", "BOT [--script FILE] [--data DIR] [--console PORT] [--cluster BOOTSTRAP_SERVERS JDBC_URL]", "runs the bot on its feeds and "
                + "triggers until Ctrl-C; with --script, plays a scripted conversation on the terminal feed and exits (status 1 if a turn fails or an "
                + "?expect line is not met); with --cluster, runs it as a cluster node: the Kafka brokers (HOST:PORT[,HOST:PORT...]) route "
                + "its events, the PostgreSQL database (jdbc:postgresql://HOST:PORT/DB; user and password from PGUSER and PGPASSWORD or the "
                + "URL's user= and password=) holds its journal and memory, its events go to the topic agentry.AGENT_ID; Ctrl-C or SIGTERM "
                + "leaves the cluster (status 0)",
                Set.of("--script", "--data", "--console", "--cluster")),
        CHAT("chat", "BOT [--data DIR]", "talks with the bot in the terminal (name: text speaks as someone else; /quit, Ctrl-D or Ctrl-C ends)",
                Set.of("--data")),
        CHECK("check", "BOT [--cluster BOOTSTRAP_SERVERS JDBC_URL]", "checks the configuration, persona, environment variables and plugins, "
                + "printing every problem at once; with --cluster, also what a cluster node needs (the servers are not contacted)",
                Set.of("--cluster")),
        INIT("init", "NAME", "creates a new bot folder NAME from a template", Set.of()),
        MCP("mcp", "BOT [--data DIR]", "serves the bot's tools to MCP clients as its config's mcp.serve section says (stdio, HTTP)",
                Set.of("--data"));

        final String word;
        final String usage;
        final String help;
        final Set<String> options;

        Command(String word, String usage, String help, Set<String> options) {
            this.word = word;
            this.usage = usage;
            this.help = help;
            this.options = options;
        }
    }

    private static final String COMMANDS = Arrays.stream(Command.values()).map(c -> c.word).collect(Collectors.joining(", "));

    /**
     * Returns the usage text.
     *
     * @return what {@code agentry --help} prints
     */
    static String usage() {
        StringBuilder text = new StringBuilder("usage: agentry COMMAND ...\n\n");
        for (Command c : Command.values()) {
            text.append(String.format(Locale.ROOT, "  agentry %s %s%n      %s%n", c.word, c.usage, c.help));
        }
        return text.append("\nEvery command takes --debug (stack traces and debug logs). A bot folder holds config.json, the persona it names,\n")
                .append("and optionally demo.json (the offline demo model's phrasings) and knowledge/ (documents it remembers).\n")
                .append("Exit status: 0 done, 1 failed (problems found, a turn failed, a user error), 2 bad command line.\n")
                .toString();
    }

    /**
     * Returns whether the arguments ask for help.
     *
     * @param args the arguments
     * @return {@code true} for no arguments, {@code help}, {@code --help} or {@code -h} first
     */
    static boolean wantsHelp(String... args) {
        return args.length > 0 && List.of("help", "--help", "-h").contains(args[0]);
    }

    /**
     * Parses the arguments.
     *
     * @param args the arguments
     * @return the command line
     * @throws UserError naming the mistake
     */
    static CommandLine parse(String... args) {
        if (args.length == 0) {
            throw new UserError("no command given; commands: " + COMMANDS + " (agentry --help shows how to use them)");
        }
        Command command = Arrays.stream(Command.values()).filter(c -> c.word.equals(args[0])).findFirst()
                .orElseThrow(() -> new UserError("unknown command '" + args[0] + "'; commands: " + COMMANDS + " (agentry --help shows how to use them)"));
        String target = null;
        Map<String, String> options = new LinkedHashMap<>();
        Optional<ClusterAddress> cluster = Optional.empty();
        boolean debug = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--debug")) {
                debug = true;
            } else if (arg.equals("--cluster")) {
                if (cluster.isPresent()) {
                    throw new UserError("--cluster is given twice; a node joins one cluster");
                }
                cluster = Optional.of(cluster(command, args, i));
                i += 2;
            } else if (arg.startsWith("-")) {
                if (!command.options.contains(arg)) {
                    throw new UserError("'" + arg + "' is not an option of agentry " + command.word + "; usage: agentry " + command.word + " " + command.usage
                            + " [--debug]");
                }
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UserError(arg + " needs a value; usage: agentry " + command.word + " " + command.usage);
                }
                options.put(arg, args[++i]);
            } else if (target == null) {
                target = arg;
            } else {
                throw new UserError("unexpected argument '" + arg + "'; usage: agentry " + command.word + " " + command.usage);
            }
        }
        if (target == null || target.isBlank()) {
            String example = command == Command.INIT ? "my-bot" : "agent-examples/bots/tipper";
            throw new UserError("agentry " + command.word + " needs " + (command == Command.INIT ? "the new bot's name" : "a bot folder")
                    + ", e.g. agentry " + command.word + " " + example);
        }
        if (cluster.isPresent() && options.containsKey("--script")) {
            throw new UserError("--script plays a conversation on this terminal and cannot be combined with --cluster; run the script without "
                    + "--cluster, or publish events to the cluster's topic");
        }
        return new CommandLine(command, target, Optional.ofNullable(options.get("--script")).map(Path::of),
                Optional.ofNullable(options.get("--data")).map(Path::of), port(options.get("--console")), cluster, debug);
    }

    /** Reads the two values after {@code --cluster} at {@code at}. */
    private static ClusterAddress cluster(Command command, String[] args, int at) {
        if (command == Command.CHAT || command == Command.MCP) {
            throw new UserError("agentry " + command.word + " serves one terminal or client from this process and cannot join a cluster; "
                    + "a cluster node is agentry run BOT " + ClusterAddress.USAGE);
        }
        if (!command.options.contains("--cluster")) {
            throw new UserError("'--cluster' is not an option of agentry " + command.word + "; usage: agentry " + command.word + " " + command.usage);
        }
        if (at + 2 >= args.length || args[at + 1].startsWith("--") || args[at + 2].startsWith("--")) {
            throw new UserError("--cluster needs the Kafka bootstrap servers and the PostgreSQL URL; usage: agentry " + command.word + " BOT "
                    + ClusterAddress.USAGE);
        }
        return ClusterAddress.of(args[at + 1], args[at + 2]);
    }

    private static OptionalInt port(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return OptionalInt.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--console needs a port number from 1 to 65535, got '" + value + "'");
    }
}
