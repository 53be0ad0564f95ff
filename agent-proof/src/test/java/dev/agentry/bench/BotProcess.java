package dev.agentry.bench;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A runner-like process for {@link StartupBenchmark}: builds an agent from a bot folder (its
 * {@code config.json} and persona, the default SQLite {@link AgentryStore} in a temp folder, the
 * model named by the configuration: {@code OPENAI_BASE_URL} points it at the stub), answers the
 * first message of the group-chat script and prints {@code READY}, then answers the rest and
 * prints its resident and peak memory. {@code PHASE} lines give the milliseconds from main() to the
 * end of each step (the configuration read, the store opened with its embedding model, the runtime
 * started, the first answer) and the JVM's uptime when main() began. Exits normally (so a CDS or AOT archive is written at exit).
 *
 * <p>Arguments: the bot folder, the number of messages, and optionally {@code background-model}
 * (the embedding model loads on a background thread while the rest starts: what the
 * {@code agent-embeddings-minilm} artifact does; emulated here).
 */
public final class BotProcess {
    private BotProcess() {}

    public static void main(String[] args) throws Exception {
        Path bot = Path.of(args[0]);
        int messages = Integer.parseInt(args[1]);
        boolean background = args.length > 2 && args[2].equals("background-model");
        long main = System.nanoTime();
        System.out.println("PHASE main_at_ms " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        AgentConfig config = AgentConfig.load(bot.resolve("config.json"), System.getenv());
        phase("config_ms", main);
        Path data = Files.createTempDirectory("agentry-bot");
        EmbeddingModel model = background ? new BackgroundModel() : new AllMiniLmL6V2EmbeddingModel();
        AgentryStore store = AgentryStore.builder().sqlite(data.resolve("agentry.db")).embeddingModel(model, "all-minilm-l6-v2").build();
        phase("store_and_model_ms", main);
        String id = config.agentId().orElse("bot");
        AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).discoverPlugins(false).build();
        runtime.register(Agent.builder(id).persona(config.persona().orElseThrow()).config(config).build());
        runtime.start();
        phase("runtime_ms", main);
        List<String[]> script = ConversationCostBenchmark.script();
        for (int i = 0; i < messages; i++) {
            String[] line = script.get(i % script.size());
            TurnResult result = runtime.submit(id, new Event("msg-" + (i + 1), "group", line[0], "group-1", line[1], Trust.UNTRUSTED, Instant.now(),
                    Map.of())).get(60, TimeUnit.SECONDS);
            if (result.outcome() != TurnResult.Outcome.REPLIED) {
                throw new IllegalStateException("message " + (i + 1) + " was not answered: " + result);
            }
            if (i == 0) {
                phase("first_answer_ms", main);
                Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
                System.out.println("READY " + Duration.between(started, Instant.now()).toMillis());
                System.out.flush();
            }
        }
        System.out.println("MEMORY rss_mb=" + status("VmRSS") + " peak_mb=" + status("VmHWM"));
        runtime.close();
        store.close();
    }

    /** Prints the milliseconds from main() to now, for the driver. */
    private static void phase(String name, long main) {
        System.out.println("PHASE " + name + " " + (System.nanoTime() - main) / 1_000_000);
    }

    private static long status(String field) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** MiniLM loaded on a background thread; calls wait for it. */
    static final class BackgroundModel implements EmbeddingModel {
        private final CompletableFuture<EmbeddingModel> model = CompletableFuture.supplyAsync(AllMiniLmL6V2EmbeddingModel::new,
                command -> Thread.ofPlatform().daemon().name("embedding-model-loader").start(command));

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            return model.join().embedAll(segments);
        }

        @Override
        public int dimension() {
            return 384;
        }
    }
}
