package dev.agentry.bench;

import dev.agentry.bench.BenchSupport.CountingEmbeddingModel;
import dev.agentry.bench.BenchSupport.TimedJournal;
import dev.agentry.bench.BenchSupport.TimedMemory;
import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ChatModels;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Limits;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * What one agent costs per message in a group chat: a realistic persona (8-line bio and lore, style,
 * 3 message examples, 5 post examples, topics, adjectives) with two tools, and a scripted 50-message
 * conversation between two users, through the real runtime with the default setup (an
 * {@link AgentryStore} SQLite memory and journal in a temp folder, real all-MiniLM-L6-v2
 * embeddings, default {@link Limits}), against {@link StubOpenAi} reached by URL through
 * LangChain4j's OpenAI client. The stub counts prompt tokens with o200k and its own time, which is
 * subtracted from each message's wall-clock time ("own time"). Rolling-summary requests are
 * answered by {@link SummaryTracker}.
 *
 * <p>Prints a per-message table (with {@code detail}), a summary, and one {@code RESULT} line of
 * {@code key=value} figures that {@code scripts/benchmarks} aggregates over runs.
 *
 * <p>Options: {@code detail} (per-message table), {@code pauseMs=N} (between messages, default 100),
 * {@code store=memory} (core's in-memory journal and memory instead of the SQLite store: the
 * runtime's and the HTTP client's own cost without the store's), {@code model=minilm-q} (the
 * int8-quantized all-MiniLM-L6-v2 that the runner ships, instead of the full one), {@code model=hash}
 * (the SQLite store with a trivial hashing embedding: the store's cost without the model's).
 *
 * <pre>
 * mvn -q -pl agent-proof -am test-compile exec:exec -Pbench -Dbench=ConversationCostBenchmark [-Dbench.args="detail pauseMs=100"]
 * </pre>
 */
public final class ConversationCostBenchmark {
    private static final String AGENT = "tally";
    private static final int WARM_FROM = 10;
    private static final String[] REPLIES = { // each made unique with the start of the message it answers
        "Short answer: yes. The round closes Friday 23:59 UTC and holds 12 ETH; I'll post the final proposal count when it closes.",
        "Good question. I'd rather check than guess, so give me a moment and I'll come back with the number from the wallet itself.",
        "Agreed. Keep the ask specific and the milestones small, reviewers fund what they can verify in two months.",
        "That matches what I have: Wednesday 16:00 UTC, treasury diversification first, then the next curve launch.",
        "Plainly: each token costs the base price plus the slope times the tokens already sold, so early buyers pay less.",
        "Careful there. Nobody from the DAO will ever DM you for a signature or funds; treasurer changes go through a proposal.",
    };

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

    /** What one message cost. */
    private record Message(int calls, int prompt, int completion, double ownMs, double embedMs, double readMs, double journalMs, double finishMs, double inTurnMs,
            double clientMs) {}

    private ConversationCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.options(args);
        int warmUpChats = Integer.parseInt(options.getOrDefault("warmup", "0"));
        for (int k = 1; k <= warmUpChats; k++) {
            chat(options, k);
        }
        chat(options, 0);
        System.exit(0);
    }

    /**
     * Runs the chat once on a setup of its own (stub, store, runtime); {@code warmUp} 0 is the
     * measured chat, others only print their own time (they warm up the JIT: what a bot that has
     * been running for a while has).
     */
    private static void chat(Map<String, String> options, int warmUp) throws Exception {
        boolean measured = warmUp == 0;
        boolean detail = measured && options.containsKey("detail");
        long pauseMs = Long.parseLong(options.getOrDefault("pauseMs", "100"));
        List<String[]> script = script();
        SummaryTracker summaries = new SummaryTracker(script);
        AtomicInteger replyNo = new AtomicInteger();
        try (StubOpenAi stub = StubOpenAi.start(request -> StubOpenAi.text(SummaryTracker.isSummaryRequest(request)
                ? summaries.summarise(request) : reply(request, cannedReply(replyNo.getAndIncrement()))))) {
            Path dir = Files.createTempDirectory("agentry-cost");
            boolean inMemory = "memory".equals(options.get("store"));
            boolean quantized = "minilm-q".equals(options.get("model"));
            boolean hashing = inMemory || "hash".equals(options.get("model"));
            CountingEmbeddingModel embeddings = new CountingEmbeddingModel(hashing ? new HashEmbedding()
                    : BenchSupport.miniLm(quantized));
            AgentryStore store = AgentryStore.builder().sqlite(dir.resolve("agent.db"))
                    .embeddingModel(embeddings, hashing ? "hash" : quantized ? "all-minilm-l6-v2-q" : "all-minilm-l6-v2").build();
            TimedMemory memory = new TimedMemory(inMemory ? new InMemoryMemory() : store);
            TimedJournal journal = new TimedJournal(inMemory ? new InMemoryJournal() : store);
            Limits limits = Limits.defaults();
            AgentRuntime runtime = AgentRuntime.builder().journal(journal).memory(memory).cursors(store).discoverPlugins(false).build();
            runtime.register(Agent.builder(AGENT)
                    .persona(Persona.parse(resource("/proof/bench-persona.json"), "bench-persona.json"))
                    .model(ChatModels.create(ModelConfig.openAi(stub.baseUrl(), "gpt-4o-mini", Secret.of("sk-bench-not-a-key", "test"))))
                    .toolsFrom(new DaoTools())
                    .limits(limits)
                    .build());
            runtime.start();

            if (measured) {
                System.out.println("# Conversation cost: 50-message group chat, one agent, " + (inMemory ? "in-memory journal and memory (core's own cost)"
                        : "default setup"));
                System.out.println();
                System.out.printf(Locale.ROOT, "Limits: promptTokens=%d recentTokens=%d recallLimit=%d recallTokens=%d; messages %d ms apart; %s%n%n",
                        limits.promptTokens(), limits.recentTokens(), limits.recallLimit(), limits.recallTokens(), pauseMs, BenchSupport.machine());
            }
            if (detail) {
                System.out.println("| # | model calls | prompt tokens | completion tokens | own ms | of which: embedding | memory reads | journal "
                        + "| in the turn, outside model calls | in the model client, outside the stub |");
                System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            }
            List<Message> cost = new ArrayList<>();
            for (int i = 0; i < script.size(); i++) {
                Message m = send(runtime, stub, embeddings, memory, journal, script.get(i), i);
                cost.add(m);
                if (detail) {
                    System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", i + 1, m.calls(), m.prompt(),
                            m.completion(), m.ownMs(), m.embedMs(), m.readMs(), m.journalMs(), m.inTurnMs(), m.clientMs());
                }
                Thread.sleep(pauseMs);
            }
            runtime.close();
            if (measured) {
                report(cost, stub.received(), summaries, script, embeddings, memory);
            } else {
                double[] own = cost.subList(WARM_FROM, cost.size()).stream().mapToDouble(Message::ownMs).sorted().toArray();
                System.out.printf(Locale.ROOT, "Warm-up chat %d: own time p50 %.2f ms, p99 %.2f ms%n", warmUp, BenchSupport.percentile(own, 50),
                        BenchSupport.percentile(own, 99));
            }
            store.close();
        }
    }

    private static Message send(AgentRuntime runtime, StubOpenAi stub, CountingEmbeddingModel embeddings, TimedMemory memory, TimedJournal journal,
            String[] line, int i) throws Exception {
        int before = stub.received().size();
        long e0 = embeddings.pathNanos.get();
        long r0 = memory.readNanos.get();
        long j0 = journal.nanos.get();
        long f0 = journal.finishNanos.get();
        Event event = new Event("msg-" + (i + 1), "group", line[0], "group-1", line[1], Trust.UNTRUSTED, Instant.now(), Map.of());
        long w0 = System.nanoTime();
        TurnResult result = runtime.submit(AGENT, event).get(60, TimeUnit.SECONDS);
        long wall = System.nanoTime() - w0;
        if (result.outcome() != TurnResult.Outcome.REPLIED) {
            throw new IllegalStateException("message " + (i + 1) + " was not answered: " + result);
        }
        List<StubOpenAi.Received> got = stub.received().subList(before, stub.received().size());
        long inside = got.stream().mapToLong(StubOpenAi.Received::nanosInside).sum();
        long model = result.modelCalls().stream().mapToLong(c -> c.duration().toNanos()).sum();
        return new Message(got.size(), got.stream().mapToInt(StubOpenAi.Received::promptTokens).sum(),
                got.stream().mapToInt(StubOpenAi.Received::completionTokens).sum(), (wall - inside) / 1e6,
                (embeddings.pathNanos.get() - e0) / 1e6, (memory.readNanos.get() - r0) / 1e6, (journal.nanos.get() - j0) / 1e6, (journal.finishNanos.get() - f0) / 1e6,
                (result.duration().toNanos() - model) / 1e6, (model - inside) / 1e6);
    }

    private static void report(List<Message> cost, List<StubOpenAi.Received> requests, SummaryTracker summaries, List<String[]> script,
            CountingEmbeddingModel embeddings, TimedMemory memory) {
        int n = cost.size();
        double[] prefix = new double[requests.size() - 1];
        for (int j = 1; j < requests.size(); j++) {
            String previous = cacheKey(requests.get(j - 1).request());
            String key = cacheKey(requests.get(j).request());
            prefix[j - 1] = (double) BenchSupport.commonPrefix(previous, key) / key.length();
        }
        double[] warmOwn = cost.subList(WARM_FROM, n).stream().mapToDouble(Message::ownMs).sorted().toArray();
        StubOpenAi.Received lastTurn = requests.stream().filter(r -> !SummaryTracker.isSummaryRequest(r.request())).reduce((a, b) -> b).orElseThrow();
        Reach reach = reach(lastTurn, summaries, script);
        if (Boolean.getBoolean("bench.dump")) {
            System.out.println(lastTurn.request().toPrettyString());
        }
        int calls = cost.stream().mapToInt(Message::calls).sum();
        BenchSupport.Figures f = new BenchSupport.Figures();
        f.put("calls_per_message", (double) calls / n, "%.2f");
        f.put("summary_calls", summaries.requests(), "%.0f");
        f.put("prompt_tokens_per_message", cost.stream().mapToInt(Message::prompt).average().orElse(0), "%.0f");
        f.put("prompt_tokens_max_call", requests.stream().mapToInt(StubOpenAi.Received::promptTokens).max().orElse(0), "%.0f");
        f.put("reachable_of_32", reach.verbatim + reach.summary + reach.recalled, "%.0f");
        f.put("reachable_verbatim", reach.verbatim, "%.0f");
        f.put("reachable_summary", reach.summary, "%.0f");
        f.put("reachable_recalled", reach.recalled, "%.0f");
        f.put("prefix_min_pct", Arrays.stream(prefix).min().orElse(0) * 100, "%.0f");
        f.put("prefix_mean_pct", Arrays.stream(prefix).average().orElse(0) * 100, "%.1f");
        f.put("own_p50_ms", BenchSupport.percentile(warmOwn, 50), "%.2f");
        f.put("own_p99_ms", BenchSupport.percentile(warmOwn, 99), "%.2f");
        f.put("own_mean_all_ms", cost.stream().mapToDouble(Message::ownMs).average().orElse(0), "%.2f");
        f.put("own_embed_mean_ms", cost.subList(WARM_FROM, n).stream().mapToDouble(Message::embedMs).average().orElse(0), "%.2f");
        f.put("own_memory_read_mean_ms", cost.subList(WARM_FROM, n).stream().mapToDouble(Message::readMs).average().orElse(0), "%.2f");
        f.put("own_journal_mean_ms", cost.subList(WARM_FROM, n).stream().mapToDouble(Message::journalMs).average().orElse(0), "%.2f");
        f.put("own_journal_finish_mean_ms", cost.subList(WARM_FROM, n).stream().mapToDouble(Message::finishMs).average().orElse(0), "%.2f");
        f.put("own_in_turn_p50_ms", BenchSupport.percentile(cost.subList(WARM_FROM, n).stream().mapToDouble(Message::inTurnMs).sorted().toArray(), 50), "%.2f");
        f.put("own_client_p50_ms", BenchSupport.percentile(cost.subList(WARM_FROM, n).stream().mapToDouble(Message::clientMs).sorted().toArray(), 50), "%.2f");
        f.put("memory_write_mean_ms", memory.writeNanos.get() / 1e6 / n, "%.2f");
        f.put("embedding_ms_per_text", embeddings.nanos.get() / 1e6 / Math.max(1, embeddings.texts.get()), "%.2f");
        System.out.println();
        System.out.printf(Locale.ROOT, "- Model calls: %d for %d messages (%d rolling-summary calls).%n", calls, n, summaries.requests());
        System.out.printf(Locale.ROOT, "- Last 32 user messages (#19-#50) reachable at message 50: %d verbatim in the prompt, %d through the rolling summary, "
                + "%d recalled, missing: %s.%n", reach.verbatim, reach.summary, reach.recalled, reach.missing.isEmpty() ? "none" : String.join(" ", reach.missing));
        System.out.printf(Locale.ROOT, "- Cached prefix: share of each request (tools + messages, in characters) equal to the start of the request before it, "
                + "over all %d requests after the first.%n", prefix.length);
        System.out.printf(Locale.ROOT, "- Own time: wall-clock from submit to result minus the time inside the stub; p50/p99 over messages %d-%d "
                + "(nearest rank; with 40 turns p99 is the slowest). Parts: embedding (on the turn's threads), memory reads, journal, "
                + "memory writes (Memory.rememberAll as the turn sees it: on the path unless the store writes in the background), "
                + "the runtime inside the turn outside model calls, and the model client outside the stub (LangChain4j's JSON, the JDK "
                + "HTTP client, loopback, the stub's HTTP server).%n", WARM_FROM + 1, n);
        f.print();
    }

    /** Where the last 32 user messages are in the final request. */
    private record Reach(int verbatim, int summary, int recalled, List<String> missing) {}

    private static Reach reach(StubOpenAi.Received last, SummaryTracker summaries, List<String[]> script) {
        JsonNode messages = last.request().get("messages");
        String prompt = StubOpenAi.text(messages.get(messages.size() - 1).get("content"));
        int recallAt = prompt.indexOf("Things you remember");
        String transcript = recallAt < 0 ? prompt : prompt.substring(0, recallAt);
        String recalled = recallAt < 0 ? "" : prompt.substring(recallAt);
        var covered = summaries.coveredBy(prompt);
        int verbatim = 0;
        int summary = 0;
        int recall = 0;
        List<String> missing = new ArrayList<>();
        int n = script.size();
        for (int i = n - 32; i < n; i++) {
            String[] line = script.get(i);
            if (transcript.contains(line[0] + ": " + line[1]) || (i == n - 1 && prompt.endsWith(line[1]))) {
                verbatim++;
            } else if (covered.contains(i)) {
                summary++;
            } else if (recalled.contains(line[1])) {
                recall++;
            } else {
                missing.add("#" + (i + 1));
            }
        }
        return new Reach(verbatim, summary, recall, missing);
    }

    /** "On 'first words of the message': canned reply", so that replies are as distinct as the messages. */
    static String reply(JsonNode request, String canned) {
        JsonNode messages = request.get("messages");
        String last = StubOpenAi.text(messages.get(messages.size() - 1).get("content"));
        String said = last.substring(last.lastIndexOf("): ") + 3);
        String[] words = said.split("\\s+");
        return "On \"" + String.join(" ", Arrays.copyOf(words, Math.min(6, words.length))) + "…\": " + canned;
    }

    /** The canned part of the reply to message {@code index} (0-based), the same for Agentry and ElizaOS. */
    static String cannedReply(int index) {
        return REPLIES[index % REPLIES.length];
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
}
