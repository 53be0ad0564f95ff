package dev.agentry.proof;

import dev.agentry.bench.HashEmbedding;
import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.memory.AgentryStore;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.ForwardingTool;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.social.FeedChannel;
import dev.agentry.tools.social.FeedPoller;
import dev.agentry.tools.social.LocalFeed;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process that {@link CrashTest} kills: one agent with a durable SQLite AgentryStore (journal,
 * memory, cursors), a file-backed LocalFeed it polls and answers, and the real transfer_native tool
 * on the test's Anvil. "pay" mentions make it send 0.001 ETH to the friend, the others get a reply.
 * With {@code slow}, it pauses 1.5 s right after a transaction is sent and mined but before the
 * runtime journals it, and right after a reply is posted but before the runtime journals it, and
 * drops a marker file each time, so the test can kill it exactly there.
 *
 * <p>Arguments: db feedFile rpcUrl markerDir slow(true|false)
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path feedFile = Path.of(args[1]);
        String rpcUrl = args[2];
        Path markers = Path.of(args[3]);
        boolean slow = Boolean.parseBoolean(args[4]);
        AtomicInteger marks = new AtomicInteger();

        AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(new HashEmbedding(), "hash").build();
        LocalFeed feed = LocalFeed.builder().name("local").self("tally").file(feedFile).owners("owner").build();
        ChainToolkit toolkit = ProofKit.toolkit(rpcUrl, ProofKit.AGENT_KEY, Map.of());
        Tool transfer = ProofKit.tool(toolkit, "transfer_native");
        Tool pausingTransfer = new ForwardingTool(transfer) {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(60);
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                String result = transfer.execute(arguments, context);
                pause(markers, "sent-" + marks.incrementAndGet(), slow);
                return result;
            }
        };
        Channel channel = FeedChannel.of(feed);
        Channel pausingChannel = new Channel() {
            @Override
            public String source() {
                return channel.source();
            }

            @Override
            public String reply(Event event, String text, String key) {
                String id = channel.reply(event, text, key);
                pause(markers, "replied-" + marks.incrementAndGet(), slow);
                return id;
            }
        };
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                List<ChatMessage> messages = request.messages();
                ChatMessage last = messages.get(messages.size() - 1);
                if (last instanceof ToolExecutionResultMessage result) {
                    return text("paid: " + (result.text().contains("\"status\":\"success\"") ? "ok" : result.text()));
                }
                String said = ObedientModel.text(last);
                said = said.substring(said.lastIndexOf('\n') + 1);
                if (said.contains("pay #")) {
                    return ChatResponse.builder().aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder().id("p1").name("transfer_native")
                            .arguments("{\"to\":\"" + ProofKit.FRIEND + "\",\"amount\":\"0.001\"}").build())))
                            .tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.TOOL_EXECUTION).build();
                }
                return text("hello back");
            }
        };
        StandardPolicy policy = StandardPolicy.builder().journal(store).spendCap("ETH", new BigDecimal("1"), Duration.ofDays(1))
                .recipientAllowlist(List.of(ProofKit.FRIEND)).build();
        AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).discoverPlugins(false)
                .retryBackoff(Duration.ofMillis(100)).build();
        runtime.register(Agent.builder("tally").persona(Persona.of("Tally", "Pays friends who ask.")).model(model)
                .tool(pausingTransfer).policy(policy).channel(pausingChannel)
                .trigger(FeedPoller.builder(feed).cursors(store).cursorKey("tally:local").interval(Duration.ofMillis(100), Duration.ZERO).build())
                .build());
        runtime.start();
        Files.writeString(markers.resolve("started-" + ProcessHandle.current().pid()), "");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static ChatResponse text(String s) {
        return ChatResponse.builder().aiMessage(AiMessage.from(s)).tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.STOP).build();
    }

    private static void pause(Path markers, String name, boolean slow) {
        try {
            Files.writeString(markers.resolve(name), "");
            if (slow) {
                Thread.sleep(1500);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
