package dev.agentry.cluster;

import dev.agentry.core.Agent;
import dev.agentry.core.Channel;
import dev.agentry.core.Persona;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trigger;
import dev.agentry.testkit.ForwardingTool;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import dev.agentry.tools.social.FeedChannel;
import dev.agentry.tools.social.FeedPoller;
import dev.agentry.tools.social.LocalFeed;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cluster node as a process of its own, for {@link ClusterFailoverTest}: agents that read
 * mentions from their own file-backed {@link LocalFeed}, answer on it, and pay "pay #N" mentions
 * with the real {@code transfer_native} on the test's Anvil (N micro-ETH to the friend, from the
 * agent's own wallet). It drops marker files the test waits for: {@code reason-<node>-<agent>-<N>}
 * as the model starts thinking about a payment, {@code sent-<node>-<agent>-<N>} right after a
 * transfer was mined and before the runtime journals it (then it waits 300 ms, so a kill lands
 * mid-turn). Every transfer this process starts is logged to {@code exec-<node>.log} with the
 * time it started and the epoch the node held: "millis agent N epoch".
 *
 * <p>Arguments: nodeId bootstrapServers jdbcUrl anvilUrl feedDir markerDir topic friend agent=key...
 */
public final class ClusterChild {
    private static final Pattern NUMBER = Pattern.compile("#(\\d+)");
    private static volatile ClusterNode node;

    private ClusterChild() {}

    public static void main(String[] args) throws Exception {
        String nodeId = args[0];
        Path feeds = Path.of(args[4]);
        Path markers = Path.of(args[5]);
        String friend = args[7];
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 8; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            keys.put(kv[0], kv[1]);
        }
        Map<String, ChainToolkit> toolkits = new ConcurrentHashMap<>();
        AgentCatalog catalog = AgentCatalog.of(keys.keySet(), agentId -> {
            ChainToolkit toolkit = toolkits.computeIfAbsent(agentId, a -> ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(args[3])
                    .wallet(Wallet.fromPrivateKey(Secret.of(keys.get(a), "${AGENT_KEY}"))).receiptPollInterval(Duration.ofMillis(50)).build());
            LocalFeed feed = LocalFeed.builder().name("local").self(agentId).owners("owner").file(feeds.resolve(agentId + ".jsonl")).build();
            return Agent.builder(agentId).persona(Persona.of(agentId, "Pays friends who ask, answers everyone."))
                    .model(model(nodeId, agentId, markers, friend))
                    .tool(logged(toolkit.tools("transfer_native").get(0), nodeId, agentId, markers))
                    .channel(FeedChannel.of(feed))
                    .plugin(poller(feed, agentId))
                    .policy(StandardPolicy.builder().spendCap("ETH", new BigDecimal("10"), Duration.ofDays(1)).recipientAllowlist(List.of(friend)).build())
                    .build();
        });
        node = ClusterNode.builder().bootstrapServers(args[1]).postgres(args[2], "postgres", "").nodeId(nodeId).groupId(args[6])
                .topic(args[6], keys.size()).sessionTimeout(Duration.ofSeconds(4)).handoverGrace(Duration.ofSeconds(3))
                .storeSettings(s -> s.embeddingModel(new HashEmbedding(), "hash"))
                .runtimeSettings(r -> r.retryBackoff(Duration.ofMillis(200)))
                .agents(catalog).build();
        node.start();
        Files.writeString(markers.resolve("started-" + nodeId), Long.toString(ProcessHandle.current().pid()));
        Thread.sleep(Long.MAX_VALUE);
    }

    private static int number(String text) {
        Matcher m = NUMBER.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** "pay #N": a transfer of N micro-ETH to the friend; anything else: a greeting. 150 ms per call. */
    private static ChatModel model(String nodeId, String agentId, Path markers, String friend) {
        StubModel stub = new StubModel(Duration.ofMillis(150), 32, (line, tool) -> {
            int n = number(line);
            if (tool.isPresent()) {
                return StubModel.Reply.text("paid #" + n + (tool.get().contains("\"status\":\"success\"") ? "" : ": " + tool.get()));
            }
            if (line.contains("pay #")) {
                return StubModel.Reply.call("transfer_native", "{\"to\":\"" + friend + "\",\"amount\":\"" + BigDecimal.valueOf(n, 6).toPlainString() + "\"}");
            }
            return StubModel.Reply.text("hello back #" + n);
        });
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String line = StubModel.eventLine(request.messages());
                boolean first = !(request.messages().get(request.messages().size() - 1) instanceof ToolExecutionResultMessage);
                if (first && line.contains("pay #")) {
                    mark(markers, "reason-" + nodeId + "-" + agentId + "-" + number(line));
                }
                return stub.doChat(request);
            }
        };
    }

    /** The transfer, logged with its start time and the node's epoch, then a marker and a 300 ms pause before the runtime journals it. */
    private static Tool logged(Tool transfer, String nodeId, String agentId, Path markers) {
        return new ForwardingTool(transfer) {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(60);
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                long started = System.currentTimeMillis();
                long epoch = node.epoch(agentId).orElse(-1);
                String result = transfer.execute(arguments, context);
                int n = number(context.event().text());
                append(markers.resolve("exec-" + nodeId + ".log"), started + " " + agentId + " " + n + " " + epoch + "\n");
                mark(markers, "sent-" + nodeId + "-" + agentId + "-" + n);
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return result;
            }
        };
    }

    /** The agent's feed poller, built with the node's cursor store (the shared database). */
    private static Plugin poller(LocalFeed feed, String agentId) {
        return new Plugin() {
            @Override
            public String name() {
                return "poller";
            }

            @Override
            public List<Trigger> triggers(PluginContext context) {
                return List.of(FeedPoller.builder(feed).cursors(context.cursors()).cursorKey(agentId + ":local")
                        .interval(Duration.ofMillis(100), Duration.ZERO).build());
            }

            @Override
            public List<Channel> channels(PluginContext context) {
                return List.of();
            }
        };
    }

    private static void mark(Path markers, String name) {
        try {
            Files.writeString(markers.resolve(name), Long.toString(System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
