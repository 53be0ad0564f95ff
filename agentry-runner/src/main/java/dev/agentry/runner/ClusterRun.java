package dev.agentry.runner;

import dev.agentry.cluster.AgentCatalog;
import dev.agentry.cluster.ClusterNode;
import dev.agentry.console.JdbcApprovalQueue;
import dev.agentry.core.Agent;
import dev.agentry.memory.AgentryStore;
import dev.agentry.tools.social.FeedChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code agentry run BOT --cluster BOOTSTRAP_SERVERS JDBC_URL}: the bot's agent as a node of a
 * cluster ({@link ClusterNode}). The agent has the same persona, configuration, model, plugins and
 * terminal feed as in the embedded mode, but its journal and memory are the shared PostgreSQL
 * database (effects fenced by the agent's epoch), its events travel through Kafka, and it runs on
 * whichever node the consumer group gives its partition; its feeds are polled there only. Every
 * node of a bot folder joins the group {@code agentry-<agent id>} on the topic
 * {@code agentry.<agent id>}, so nodes of other bots on the same broker are other clusters. Calls the
 * policy holds wait in an approval queue in the same database. The terminal feed
 * ({@code feed.jsonl}, replies to its events and the bot's own posts) stays in the node's data folder.
 *
 * <p>Before anything starts, the broker and the database must answer ({@link ClusterReach}); a bot
 * whose chain is the embedded local one is refused by the check, since its agent moves between
 * nodes. Ctrl-C or SIGTERM leaves the cluster: the node's agents finish their turn in flight and go
 * to the other nodes, and the process exits with status 0 (1 if something failed to close).
 */
final class ClusterRun {
    /** Partitions of a bot's topic (one agent uses one; the rest keep ClusterNode's default layout). */
    private static final int PARTITIONS = 12;

    private ClusterRun() {}

    /**
     * Returns the topic a bot's nodes read: {@code agentry.<agent id>}, so that nodes of different
     * bots on one broker (each node's catalog is its bot's one agent) never share a topic.
     *
     * @param agentId the bot's agent id
     * @return the topic
     */
    static String topic(String agentId) {
        return "agentry." + agentId;
    }

    /**
     * Returns the consumer group of a bot's nodes: {@code agentry-<agent id>}.
     *
     * @param agentId the bot's agent id
     * @return the group id
     */
    static String group(String agentId) {
        return "agentry-" + agentId;
    }

    /**
     * Adds to a check's problems what a cluster node cannot run.
     *
     * @param checked the check's result
     * @param folder the bot folder
     */
    static void check(BotCheck.Result checked, BotFolder folder) {
        String file = BotFolder.shown(folder.config());
        if (ChainCheck.embedded(checked.root(), file, checked.env())) {
            checked.problems().add(file, "$.chain.rpcUrl", "is \"embedded\", a local chain inside one process, but a cluster's agents move between "
                    + "nodes and must share one chain: with --cluster, set it (RPC_URL) to a JSON-RPC URL every node reaches, and the token "
                    + "addresses and key the bot needs (TIP_TOKEN, AGENT_PRIVATE_KEY)");
        }
    }

    /**
     * Joins the cluster and runs until Ctrl-C or SIGTERM, which end the process.
     *
     * @param folder the bot folder, checked
     * @param checked the check's result, without problems
     * @param line the command line, with {@code --cluster}
     * @param env the environment
     * @param out where to say what runs
     * @return 1 if interrupted (a signal ends the process before)
     */
    static int serve(BotFolder folder, BotCheck.Result checked, CommandLine line, Map<String, String> env, PrintStream out) {
        ClusterAddress address = line.cluster().orElseThrow();
        out.println("cluster: Kafka at " + address.bootstrapServers() + ", PostgreSQL at " + address.shownUrl() + " as " + address.user(env));
        ClusterReach.kafka(address.bootstrapServers());
        ClusterReach.postgres(address, env);
        Path data = line.data().orElse(folder.data()).toAbsolutePath();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UserError("cannot create the data folder " + BotFolder.shown(data) + ": " + e.getMessage());
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            ClusterNode node = start(folder, checked, line, address, env, data, opened, out);
            Thread hook = new Thread(() -> leave(node, opened, out), "agentry-leave-cluster");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                new CountDownLatch(1).await();
            } finally {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(opened, out);
            return 1;
        } catch (RuntimeException e) {
            closeAll(opened, out);
            throw e;
        }
    }

    private static ClusterNode start(BotFolder folder, BotCheck.Result checked, CommandLine line, ClusterAddress address, Map<String, String> env,
            Path data, List<AutoCloseable> opened, PrintStream out) {
        String user = address.user(env);
        String password = address.password(env);
        BotParts parts = BotParts.read(folder, checked.root().deepCopy(), checked.env(), out);
        AgentryStore memory = AgentryStore.builder().postgres(address.jdbcUrl(), user, password).build();
        opened.add(memory);
        parts.ingestKnowledge(memory, folder, out);
        TerminalFeed terminal = TerminalFeed.open(TerminalFeed.Settings.read(parts.config().section("console")), parts.agentId(),
                data.resolve("feed.jsonl"), memory, parts.persona(), false, out);
        opened.add(terminal);
        JdbcApprovalQueue approvals = JdbcApprovalQueue.open(address.urlWithCredentials(env));
        opened.add(approvals);
        AgentCatalog catalog = AgentCatalog.of(Set.of(parts.agentId()), id -> {
            Agent.Builder agent = Agent.builder(id).persona(parts.persona()).model(parts.model().model()).config(parts.config())
                    .tools(terminal.tools()).channel(FeedChannel.of(terminal.feed()));
            terminal.newAutonomous().ifPresent(agent::trigger);
            return agent.build();
        });
        ClusterNode node = ClusterNode.builder().bootstrapServers(address.bootstrapServers()).postgres(address.jdbcUrl(), user, password)
                .groupId(group(parts.agentId())).topic(topic(parts.agentId()), PARTITIONS).agents(catalog)
                .runtimeSettings(r -> r.approvalQueue(approvals, BotSession.APPROVAL_TIMEOUT)).build();
        opened.add(0, node);
        node.start();
        if (line.consolePort().isPresent()) {
            opened.add(0, OperatorConsoleSlot.start(node.runtime(), line.consolePort().getAsInt(), env, out));
        }
        out.println(parts.agentId() + " is running on cluster node " + node.nodeId() + " (consumer group " + group(parts.agentId()) + ", events on "
                + "topic " + topic(parts.agentId()) + "; it answers on the node the group gives its partition); Ctrl-C or SIGTERM leaves the cluster");
        return node;
    }

    /** The shutdown hook: leaves the group, closes the rest, and ends the process with 0 if everything closed. */
    private static void leave(ClusterNode node, List<AutoCloseable> opened, PrintStream out) {
        out.println("agentry: leaving the cluster (the turns in flight finish first, then the agents move to the other nodes)");
        boolean clean = closeAll(opened, out);
        out.println("agentry: node " + node.nodeId() + (clean ? " left the cluster" : " left the cluster, but something failed to close"));
        out.flush();
        Runtime.getRuntime().halt(clean ? 0 : 1);
    }

    private static boolean closeAll(List<AutoCloseable> opened, PrintStream out) {
        boolean clean = true;
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                out.println("agentry: closing " + resource.getClass().getSimpleName() + " failed: " + Agentry.describe(e));
                clean = false;
            }
        }
        opened.clear();
        return clean;
    }
}
