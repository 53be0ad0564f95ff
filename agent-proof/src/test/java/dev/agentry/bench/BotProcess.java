package dev.agentry.bench;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.LoadingModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
 * (the embedding model loads on a background thread while the rest starts, through
 * {@link LoadingModelProvider} as the {@code agent-embeddings-minilm} artifacts do) and
 * {@code quantized-model} (the int8-quantized all-MiniLM-L6-v2 of {@code agent-embeddings-minilm-q},
 * the runner's model, instead of the full one).
 */
public final class BotProcess {
    private BotProcess() {}

    public static void main(String[] args) throws Exception {
        Path bot = Path.of(args[0]);
        int messages = Integer.parseInt(args[1]);
        List<String> options = List.of(args).subList(2, args.length);
        boolean background = options.contains("background-model");
        boolean quantized = options.contains("quantized-model");
        long main = System.nanoTime();
        System.out.println("PHASE main_at_ms " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        AgentConfig config = AgentConfig.load(bot.resolve("config.json"), System.getenv());
        phase("config_ms", main);
        Path data = Files.createTempDirectory("agentry-bot");
        String name = quantized ? "all-minilm-l6-v2-q" : "all-minilm-l6-v2";
        Supplier<EmbeddingModel> load = () -> BenchSupport.miniLm(quantized);
        EmbeddingModel model = background ? new LoadingModelProvider(name, 384, load) { }.create() : load.get();
        AgentryStore store = AgentryStore.builder().sqlite(data.resolve("agentry.db")).embeddingModel(model, name).build();
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
}
