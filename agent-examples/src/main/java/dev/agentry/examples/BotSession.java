package dev.agentry.examples;

import dev.agentry.testkit.Anvil;
import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Persona;
import dev.agentry.memory.AgentryStore;
import dev.agentry.tools.social.LocalFeed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What every sample bot sets up the same way: its files under {@code agent-examples/bots/NAME/},
 * its configuration and persona, a data folder, the embedded memory store ({@code agentry.db}),
 * the terminal's {@link LocalFeed}, the model choice and the runtime.
 *
 * <p>The configuration's {@code console} section names the operator and the trusted users of the
 * terminal feed ({@code {"owner": "you", "trusted": ["alice", "bob"]}}; everyone else is
 * untrusted), and its {@code recipients} section maps user names to addresses. Not thread-safe.
 */
public final class BotSession implements AutoCloseable {
    private final String name;
    private final BotOptions options;
    private final Map<String, String> env;
    private final PrintStream out;
    private final Path configFile;
    private final Path dataDir;
    private final boolean temporaryData;
    private AgentConfig config;
    private AgentryStore store;
    private LocalFeed feed;
    private AgentRuntime runtime;

    private BotSession(String name, BotOptions options, Map<String, String> env, PrintStream out) {
        this.name = name;
        this.options = options;
        this.env = new HashMap<>(env);
        this.out = out;
        this.configFile = options.config().orElse(botFolder(name).resolve("config.json"));
        try {
            if (options.dataDir().isPresent()) {
                this.dataDir = Files.createDirectories(options.dataDir().get());
                this.temporaryData = false;
            } else if (options.script().isPresent()) {
                this.dataDir = Files.createTempDirectory("agentry-" + name);
                this.temporaryData = true;
            } else {
                this.dataDir = Files.createDirectories(BotSession.repositoryRoot().resolve("data").resolve(name));
                this.temporaryData = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder: " + e.getMessage(), e);
        }
        this.config = AgentConfig.load(configFile, this.env);
    }

    /**
     * Opens a session: loads the bot's configuration and creates its data folder.
     *
     * @param name the bot's name, also its folder under {@code agent-examples/bots}
     * @param options command-line options
     * @param env the environment ({@code ${VAR}} references and the model choice)
     * @param out where to print
     * @return the session
     * @throws ConfigException if the configuration is wrong
     */
    public static BotSession open(String name, BotOptions options, Map<String, String> env, PrintStream out) {
        return new BotSession(name, options, env, out);
    }

    /**
     * Returns a bot's folder: {@code agent-examples/bots/NAME} under the repository root.
     *
     * @param name the bot's name
     * @return the folder
     */
    public static Path botFolder(String name) {
        return BotSession.repositoryRoot().resolve("agent-examples").resolve("bots").resolve(name);
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public AgentConfig config() {
        return config;
    }

    /**
     * Loads the configuration again with more environment values, for values known only after
     * start-up (such as the address of a token the bot deployed).
     *
     * @param more the extra values
     */
    public void reloadConfig(Map<String, String> more) {
        env.putAll(more);
        config = AgentConfig.load(configFile, env);
    }

    /**
     * Returns the environment the configuration was loaded with.
     *
     * @return the environment, read-only
     */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /**
     * Returns the persona named by the configuration's {@code agent.persona}.
     *
     * @return the persona
     * @throws ConfigException if the configuration names none
     */
    public Persona persona() {
        return config.persona().orElseThrow(() -> new ConfigException(configFile + ": agent.persona is required"));
    }

    /**
     * Returns the agent's id ({@code agent.id}, else the bot's name).
     *
     * @return the id
     */
    public String agentId() {
        return config.agentId().orElse(name);
    }

    /**
     * Returns the data folder.
     *
     * @return the folder
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Returns whether the bot runs a script.
     *
     * @return {@code true} with {@code --script}
     */
    public boolean scripted() {
        return options.script().isPresent();
    }

    /**
     * Returns where an embedded Anvil keeps its state: in the data folder when the data folder
     * is kept, nowhere for a throw-away run.
     *
     * @return the state file, if any
     */
    public Optional<Path> anvilState() {
        return temporaryData ? Optional.empty() : Optional.of(dataDir.resolve("anvil-state.json"));
    }

    /**
     * Opens the embedded memory store {@code agentry.db} in the data folder (once).
     *
     * @return the store
     */
    public AgentryStore store() {
        if (store == null) {
            store = AgentryStore.sqlite(dataDir.resolve("agentry.db"));
            out.println("memory: " + dataDir.resolve("agentry.db"));
        }
        return store;
    }

    /**
     * Returns the terminal's feed (once): a {@link LocalFeed} in {@code feed.jsonl} in the data
     * folder, the bot posting as its agent id.
     *
     * @return the feed
     */
    public LocalFeed feed() {
        if (feed == null) {
            Optional<ConfigSection> console = config.section("console");
            String owner = console.map(c -> c.string("owner", "you")).orElse("you");
            List<String> trusted = new ArrayList<>(console.map(c -> c.strings("trusted")).orElse(List.of()));
            feed = LocalFeed.builder().self(agentId()).file(dataDir.resolve("feed.jsonl")).owners(owner)
                    .trusted(trusted.toArray(String[]::new)).build();
            out.println("feed: the terminal (" + owner + " is the owner; trusted: " + (trusted.isEmpty() ? "nobody" : String.join(", ", trusted))
                    + "; anyone else is untrusted)");
        }
        return feed;
    }

    /**
     * Returns the configuration's {@code recipients} map: user name → address.
     *
     * @return names in lower case mapped to addresses
     */
    public Map<String, String> recipients() {
        Map<String, String> recipients = new LinkedHashMap<>();
        config.section("recipients").ifPresent(section -> section.keys()
                .forEach(name -> recipients.put(name.toLowerCase(Locale.ROOT), section.string(name))));
        return recipients;
    }

    /**
     * Chooses the model from the environment, printing the choice in one line.
     *
     * @param demo the demo model for when none is configured
     * @return the choice
     */
    public Models.Choice model(DemoModel demo) {
        Models.Choice choice = Models.fromEnvironment(env, demo);
        out.println("model: " + choice.description());
        return choice;
    }

    /**
     * Starts the runtime (journal, memory and cursors in the store) with one agent.
     *
     * @param agent the agent
     * @return the started runtime
     */
    public AgentRuntime start(Agent agent) {
        AgentryStore s = store();
        runtime = AgentRuntime.builder().journal(s).memory(s).cursors(s).build();
        runtime.register(agent);
        runtime.start();
        return runtime;
    }

    /**
     * Runs the console over the script or the terminal until it ends.
     *
     * @param console the console
     * @param terminal the terminal input, used without a script
     * @return what happened
     * @throws IOException if the input cannot be read
     */
    public BotSummary runConsole(BotConsole console, InputStream terminal) throws IOException {
        boolean interactive = options.script().isEmpty();
        if (interactive) {
            out.println("Type messages as different people (alice: hi, >3 bob: reply to post 3); a line without a name is you, the owner. /quit ends.");
        }
        InputStream in = interactive ? terminal : Files.newInputStream(options.script().get());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return console.run(reader, interactive);
        }
    }

    /** Stops the runtime (draining), closes the store and deletes a temporary data folder. */
    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (store != null) {
            store.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (temporaryData) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /**
     * Returns the repository root: the first folder at or above the working directory holding
     * {@code package.json}.
     *
     * @return the root
     * @throws IllegalStateException if there is none
     */
    static Path repositoryRoot() {
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
}
