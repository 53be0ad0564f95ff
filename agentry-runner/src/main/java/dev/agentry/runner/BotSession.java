package dev.agentry.runner;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.console.JdbcApprovalQueue;
import dev.agentry.memory.AgentryStore;
import dev.agentry.tools.social.FeedChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/**
 * A checked bot folder, started: its data folder (the memory store {@code agentry.db}, the
 * terminal's {@code feed.jsonl}, the local chain's {@code anvil-state.json}), the embedded chain
 * if configured, its knowledge ingested, its model chosen, and the runtime running the agent with
 * its plugins. Opened only after {@link BotCheck} found nothing wrong; a failure while opening
 * closes what was started and removes a data folder this run created. {@link #close()} drains the
 * runtime and stops everything; it is idempotent, so a shutdown hook and the main thread may both
 * call it. Not thread-safe otherwise.
 */
final class BotSession implements AutoCloseable {
    private final BotFolder folder;
    private final Path data;
    private final boolean throwAway;
    private final boolean createdData;
    private final PrintStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How long a call the policy holds waits for an operator (`--console`) before it is denied. */
    static final java.time.Duration APPROVAL_TIMEOUT = java.time.Duration.ofHours(1);
    private JdbcApprovalQueue approvals;
    private AgentryStore store;
    private LocalChain chain;
    private TerminalFeed terminal;
    private AgentRuntime runtime;
    private AgentConfig config;
    private String agentId;

    private BotSession(BotFolder folder, Path data, boolean throwAway, boolean createdData, PrintStream out) {
        this.folder = folder;
        this.data = data;
        this.throwAway = throwAway;
        this.createdData = createdData;
        this.out = out;
    }

    /**
     * Starts a checked bot.
     *
     * @param folder the bot folder
     * @param checked what {@link BotCheck} read (without problems)
     * @param dataDir the data folder given on the command line, if any
     * @param scripted whether the run plays a script (then the data folder is throw-away unless given)
     * @param out where to say what is started
     * @return the running session
     */
    static BotSession open(BotFolder folder, BotCheck.Result checked, Optional<Path> dataDir, boolean scripted, PrintStream out) {
        Path data = dataDir.orElse(folder.data()).toAbsolutePath();
        boolean throwAway = dataDir.isEmpty() && scripted;
        boolean created;
        try {
            if (throwAway) {
                data = Files.createTempDirectory("agentry-" + folder.dir().getFileName());
                created = true;
            } else {
                created = !Files.isDirectory(data);
                Files.createDirectories(data);
            }
        } catch (IOException e) {
            throw new UserError("cannot create the data folder " + BotFolder.shown(data) + ": " + e.getMessage());
        }
        BotSession session = new BotSession(folder, data, throwAway, created, out);
        try {
            session.start(checked);
            return session;
        } catch (RuntimeException e) {
            session.abandon();
            throw e;
        }
    }

    private void start(BotCheck.Result checked) {
        String file = BotFolder.shown(folder.config());
        // a data folder embedded with another model (the full MiniLM of earlier runners) is re-embedded once, not refused
        store = AgentryStore.builder().sqlite(data.resolve("agentry.db")).reembedIfModelChanged().build();
        out.println("memory: " + BotFolder.shown(data.resolve("agentry.db")));
        ObjectNode root = checked.root().deepCopy();
        Map<String, String> env = new HashMap<>(checked.env());
        if (ChainCheck.embedded(root, file, env)) {
            chain = LocalChain.start(root, file, env, throwAway ? Optional.empty() : Optional.of(data.resolve("anvil-state.json")), store, out);
            root = chain.config();
            env.putAll(chain.variables());
        }
        BotParts parts = BotParts.read(folder, root, env, out);
        config = parts.config();
        agentId = parts.agentId();
        terminal = TerminalFeed.open(TerminalFeed.Settings.read(config.section("console")), agentId, data.resolve("feed.jsonl"), store,
                parts.persona(), throwAway, out);
        parts.ingestKnowledge(store, folder, out);
        Agent agent = Agent.builder(agentId).persona(parts.persona()).model(parts.model().model()).config(config)
                .tools(terminal.tools()).channel(FeedChannel.of(terminal.feed())).build();
        approvals = JdbcApprovalQueue.sqlite(data.resolve("approvals.db"));
        runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store)
                .approvalQueue(approvals, APPROVAL_TIMEOUT).build();
        runtime.register(agent);
        runtime.start();
    }

    /** @return the runtime, started */
    AgentRuntime runtime() {
        return runtime;
    }

    /** @return the agent's id */
    String agentId() {
        return agentId;
    }

    /** @return the configuration the agent runs with (the embedded chain's values filled in) */
    AgentConfig config() {
        return config;
    }

    /** @return the terminal feed */
    TerminalFeed terminal() {
        return terminal;
    }

    /** @return the data folder */
    Path data() {
        return data;
    }

    /** Stops the runtime (draining its mailboxes), the embedded chain (which then writes its state) and the store; deletes a throw-away data folder. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(runtime);
        closeQuietly(approvals);
        closeQuietly(terminal);
        closeQuietly(chain);
        closeQuietly(store);
        if (throwAway) {
            delete(data);
        }
    }

    /** Closes what a failed start left, and removes the data folder if this run created it. */
    private void abandon() {
        close();
        if (createdData) {
            delete(data);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing on the way out: the first failure was already reported
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a throw-away folder in the system's temporary folder
        }
    }
}
