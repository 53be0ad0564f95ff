package dev.agentry.bench;

import dev.agentry.bench.BenchSupport.CountingEmbeddingModel;
import dev.agentry.bench.BenchSupport.TimedMemory;
import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ChatModels;
import dev.agentry.core.Event;
import dev.agentry.core.Limits;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * What one agent costs per message in a group chat: a realistic persona (bio, lore, style, 3
 * message examples, 5 post examples, topics, adjectives) and a scripted 50-message conversation
 * between two users, through the real runtime with an {@link AgentryStore} SQLite memory in a temp
 * folder and real all-MiniLM-L6-v2 embeddings, against a local OpenAI-compatible stub reached by
 * URL through LangChain4j's real OpenAI client. The stub counts prompt tokens with o200k and the
 * time spent inside itself, which is subtracted from the turn's wall-clock time.
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -q -pl agent-proof -am test-compile exec:exec -Pbench -Dbench=ConversationCostBenchmark
 * mvn ... -Dbench.args="recentTokens=1600 promptTokens=2600"   (another window)
 * </pre>
 */
public final class ConversationCostBenchmark {
    private static final String AGENT = "tally";

    /** Two harmless tools so that the prompt carries tool definitions like a real agent's. */
    public static final class DaoTools {
        @Tool("Returns the date and time in UTC.")
        public String utcNow() {
            return Instant.now().toString();
        }

        @Tool("Looks up a grant round's deadline and budget.")
        public String grantRound(@P("the round number") int round) {
            return "{\"round\":" + round + ",\"deadline\":\"Friday 23:59 UTC\",\"budget\":\"12 ETH\"}";
        }
    }

    private ConversationCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        long mainStart = System.nanoTime();
        long jvmUptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime();
        int recentTokens = Limits.defaults().recentTokens();
        int promptTokens = Limits.defaults().promptTokens();
        for (String a : args) {
            if (a.startsWith("recentTokens=")) {
                recentTokens = Integer.parseInt(a.substring(13));
            } else if (a.startsWith("promptTokens=")) {
                promptTokens = Integer.parseInt(a.substring(13));
            }
        }
        Limits d = Limits.defaults();
        Limits limits = new Limits(d.maxSteps(), promptTokens, recentTokens, d.recallLimit(), d.recallTokens(), d.dailyTokenBudget(),
                d.turnTimeout(), d.maxAttempts(), d.mailboxCapacity(), d.overflow());
        List<String[]> script = script();
        String personaJson = resource("/proof/bench-persona.json");

        AtomicInteger replyNo = new AtomicInteger();
        String[] replies = { // each reply is made unique with the start of the message it answers (real replies do not repeat)
            "Short answer: yes. The round closes Friday 23:59 UTC and holds 12 ETH; I'll post the final proposal count when it closes.",
            "Good question. I'd rather check than guess, so give me a moment and I'll come back with the number from the wallet itself.",
            "Agreed. Keep the ask specific and the milestones small, reviewers fund what they can verify in two months.",
            "That matches what I have: Wednesday 16:00 UTC, treasury diversification first, then the next curve launch.",
            "Plainly: each token costs the base price plus the slope times the tokens already sold, so early buyers pay less.",
            "Careful there. Nobody from the DAO will ever DM you for a signature or funds; treasurer changes go through a proposal.",
        };
        try (StubOpenAi stub = StubOpenAi.start(request -> StubOpenAi.text(reply(request, replies[replyNo.getAndIncrement() % replies.length])))) {
            long stubReady = System.nanoTime();
            Path dir = Files.createTempDirectory("agentry-cost");

            // ------------------------------------------------------------ start-up
            long t0 = System.nanoTime();
            CountingEmbeddingModel embeddings = new CountingEmbeddingModel(new AllMiniLmL6V2EmbeddingModel());
            AgentryStore store = AgentryStore.builder().sqlite(dir.resolve("agent.db")).embeddingModel(embeddings, "all-minilm-l6-v2").build();
            TimedMemory memory = new TimedMemory(store);
            AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(memory).cursors(store).discoverPlugins(false).build();
            runtime.register(Agent.builder(AGENT)
                    .persona(Persona.parse(personaJson, "bench-persona.json"))
                    .model(ChatModels.create(ModelConfig.openAi(stub.baseUrl(), "gpt-4o-mini", Secret.of("sk-bench-not-a-key", "test"))))
                    .toolsFrom(new DaoTools())
                    .limits(limits)
                    .build());
            runtime.start();
            long startupNanos = System.nanoTime() - t0;
            long heapAfterStart = BenchSupport.usedHeapAfterGc();
            long rssAfterStart = BenchSupport.rssMb();

            // ------------------------------------------------------------ the conversation
            System.out.println("# Conversation cost: 50-message group chat, one agent");
            System.out.println();
            System.out.printf(Locale.ROOT, "Limits: promptTokens=%d recentTokens=%d recallLimit=%d recallTokens=%d; %s%n%n",
                    limits.promptTokens(), limits.recentTokens(), limits.recallLimit(), limits.recallTokens(), BenchSupport.machine());
            System.out.println("| # | model calls | embedding calls (texts) | prompt tokens | completion tokens | prefix reused | own ms (excl. stub) | of which embedding ms | of which memory ms |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            int n = script.size();
            int[] calls = new int[n];
            long[] embedCalls = new long[n];
            long[] embedTexts = new long[n];
            int[] prompt = new int[n];
            int[] completion = new int[n];
            double[] prefix = new double[n];
            double[] ownMs = new double[n];
            double[] embedMs = new double[n];
            double[] memMs = new double[n];
            String previousCacheKey = null;
            StubOpenAi.Received last = null;
            for (int i = 0; i < n; i++) {
                String[] line = script.get(i);
                int before = stub.received().size();
                long e0 = embeddings.calls.get();
                long et0 = embeddings.texts.get();
                long en0 = embeddings.nanos.get();
                long m0 = memory.nanos.get();
                Event event = new Event("msg-" + (i + 1), "group", line[0], "group-1", line[1], Trust.UNTRUSTED,
                        Instant.now(), java.util.Map.of());
                long w0 = System.nanoTime();
                TurnResult result = runtime.submit(AGENT, event).get(60, TimeUnit.SECONDS);
                long wall = System.nanoTime() - w0;
                if (result.outcome() != TurnResult.Outcome.REPLIED) {
                    throw new IllegalStateException("message " + (i + 1) + " was not answered: " + result);
                }
                List<StubOpenAi.Received> got = stub.received().subList(before, stub.received().size());
                long inside = got.stream().mapToLong(StubOpenAi.Received::nanosInside).sum();
                calls[i] = got.size();
                embedCalls[i] = embeddings.calls.get() - e0;
                embedTexts[i] = embeddings.texts.get() - et0;
                embedMs[i] = (embeddings.nanos.get() - en0) / 1e6;
                memMs[i] = (memory.nanos.get() - m0) / 1e6;
                prompt[i] = got.stream().mapToInt(StubOpenAi.Received::promptTokens).sum();
                completion[i] = got.stream().mapToInt(StubOpenAi.Received::completionTokens).sum();
                ownMs[i] = (wall - inside) / 1e6;
                StubOpenAi.Received first = got.get(0);
                String key = cacheKey(first.request());
                prefix[i] = previousCacheKey == null ? 0 : (double) BenchSupport.commonPrefix(previousCacheKey, key) / key.length();
                previousCacheKey = cacheKey(got.get(got.size() - 1).request());
                last = got.get(got.size() - 1);
                System.out.printf(Locale.ROOT, "| %d | %d | %d (%d) | %d | %d | %.0f%% | %.2f | %.2f | %.2f |%n", i + 1, calls[i], embedCalls[i],
                        embedTexts[i], prompt[i], completion[i], prefix[i] * 100, ownMs[i], embedMs[i], memMs[i]);
            }

            // ------------------------------------------------------------ is the last 32 still there?
            int inWindow = 0;
            int inRecall = 0;
            int missing = 0;
            List<String> missingIds = new ArrayList<>();
            JsonNode messages = last.request().get("messages");
            if (Boolean.getBoolean("bench.dump")) {
                System.out.println(messages.toPrettyString());
            }
            int lastIndex = messages.size() - 1;
            for (int i = n - 32; i < n; i++) {
                String[] line = script.get(i);
                boolean window = false;
                for (int m = 1; m < lastIndex; m++) {
                    if (StubOpenAi.text(messages.get(m).get("content")).equals(line[0] + ": " + line[1])) {
                        window = true;
                    }
                }
                if (window) {
                    inWindow++;
                } else if (StubOpenAi.text(messages.get(lastIndex).get("content")).contains(line[1])) {
                    inRecall++;
                } else {
                    missing++;
                    missingIds.add("#" + (i + 1));
                }
            }
            long heapAfter = BenchSupport.usedHeapAfterGc();
            long rssAfter = BenchSupport.rssMb();

            // ------------------------------------------------------------ summary
            System.out.println();
            System.out.println("| summary | all 50 messages | messages 11-50 (warm JIT) | target | ElizaOS 1.7.2 (reference) |");
            System.out.println("|---|---:|---:|---|---:|");
            row("model calls / message", avg(calls, 0), avg(calls, 10), "exactly 1", "2.62", "%.2f");
            row("embedding calls / message (texts)", avgL(embedCalls, 0), avgL(embedCalls, 10), "-", "-", "%.2f");
            row("prompt tokens / message (o200k)", avg(prompt, 0), avg(prompt, 10), "<= 2,000", "13,334", "%.0f");
            row("completion tokens / message", avg(completion, 0), avg(completion, 10), "-", "-", "%.0f");
            row("prompt share reusable as cached prefix (min over messages 2-50)", min(prefix, 1) * 100, min(prefix, 10) * 100, ">= 50%", "-", "%.0f%%");
            row("prompt share reusable as cached prefix (mean)", mean(prefix, 1) * 100, mean(prefix, 10) * 100, ">= 50%", "-", "%.0f%%");
            row("own time / message, ms (mean)", mean(ownMs, 0), mean(ownMs, 10), "< 5 ms", "~165", "%.2f");
            row("own time / message, ms (p50)", pct(ownMs, 0, 50), pct(ownMs, 10, 50), "< 5 ms", "-", "%.2f");
            row("  of which embedding, ms (mean)", mean(embedMs, 0), mean(embedMs, 10), "-", "-", "%.2f");
            row("  of which memory incl. embedding, ms (mean)", mean(memMs, 0), mean(memMs, 10), "-", "-", "%.2f");
            row("own time excluding embedding, ms (mean)", mean(sub(ownMs, embedMs), 0), mean(sub(ownMs, embedMs), 10), "-", "-", "%.2f");
            System.out.println();
            System.out.printf(Locale.ROOT, "- Last 32 user messages available to the model at message 50: %d of 32 (%d in the conversation window, %d recalled or current), missing: %s. Target: 32.%n",
                    inWindow + inRecall, inWindow, inRecall, missingIds.isEmpty() ? "none" : String.join(" ", missingIds));
            System.out.printf(Locale.ROOT, "- Start-up (AgentryStore open incl. MiniLM load + runtime + agent registered and started): %.0f ms (target < 1,500 ms, ElizaOS 3,500-4,600 ms); JVM uptime when main() began: %d ms; stub start: %.0f ms (not counted).%n",
                    startupNanos / 1e6, jvmUptimeAtMain, (stubReady - mainStart) / 1e6);
            System.out.printf(Locale.ROOT, "- Memory: RSS %d MB after start-up, %d MB after 50 messages (ElizaOS 500-600 MB); used heap after GC %.1f MB after start-up, %.1f MB after 50 messages.%n",
                    rssAfterStart, rssAfter, heapAfterStart / 1048576.0, heapAfter / 1048576.0);
            System.out.printf(Locale.ROOT, "- Embedding model: %d calls for %d texts in 50 messages, %.2f ms per text on average.%n",
                    embeddings.calls.get(), embeddings.texts.get(), embeddings.nanos.get() / 1e6 / Math.max(1, embeddings.texts.get()));
            runtime.close();
            store.close();
        }
        System.exit(0);
    }

    /** "On 'first words of the message': canned reply", so that replies are as distinct as the messages. */
    static String reply(JsonNode request, String canned) {
        JsonNode messages = request.get("messages");
        String last = StubOpenAi.text(messages.get(messages.size() - 1).get("content"));
        String said = last.substring(last.indexOf("): ") + 3);
        String[] words = said.split("\\s+");
        return "On \"" + String.join(" ", java.util.Arrays.copyOf(words, Math.min(6, words.length))) + "…\": " + canned;
    }

    static String cacheKey(JsonNode request) {
        return (request.has("tools") ? request.get("tools").toString() : "") + request.get("messages").toString();
    }

    static List<String[]> script() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : resource("/proof/group-chat.txt").split("\n")) {
            if (!line.isBlank()) {
                out.add(line.split("\\|", 2));
            }
        }
        return out;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ConversationCostBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void row(String name, double all, double warm, String target, String eliza, String fmt) {
        System.out.printf(Locale.ROOT, "| %s | " + fmt + " | " + fmt + " | %s | %s |%n", name, all, warm, target, eliza);
    }

    private static double avg(int[] v, int from) {
        double s = 0;
        for (int i = from; i < v.length; i++) {
            s += v[i];
        }
        return s / (v.length - from);
    }

    private static double avgL(long[] v, int from) {
        double s = 0;
        for (int i = from; i < v.length; i++) {
            s += v[i];
        }
        return s / (v.length - from);
    }

    private static double mean(double[] v, int from) {
        double s = 0;
        for (int i = from; i < v.length; i++) {
            s += v[i];
        }
        return s / (v.length - from);
    }

    private static double min(double[] v, int from) {
        double m = Double.MAX_VALUE;
        for (int i = from; i < v.length; i++) {
            m = Math.min(m, v[i]);
        }
        return m;
    }

    private static double pct(double[] v, int from, double p) {
        return BenchSupport.percentile(BenchSupport.sorted(java.util.Arrays.copyOfRange(v, from, v.length)), p);
    }

    private static double[] sub(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

}
