package dev.agentry.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ElizaOS side of the comparison: runs {@code agent-proof/elizaos/run.mjs} (ElizaOS 1.7 installed
 * from npm by {@code agent-proof/elizaos/package.json}: core, bootstrap, sql with PGlite, openai)
 * through the same 50-message group chat, with the same character, against the same
 * {@link StubOpenAi} that {@link ConversationCostBenchmark} and {@link StartupBenchmark} use for
 * Agentry, and counts at the stub what ElizaOS sends: model calls, prompt tokens (o200k), cached
 * prefix share (same definition), the last 32 messages present in the prompts of message 50, own
 * time (wall-clock per message minus the time inside the stub, chat and embeddings), process
 * start to the first answer, and resident memory after 50 messages and at peak.
 *
 * <p>The stub answers ElizaOS's prompt templates the way a model following them would: RESPOND to
 * the should-respond question, {@code REPLY} with the same reply text Agentry gets (by message
 * number) to the message handler, an empty reflection, and deterministic vectors for embeddings
 * (ElizaOS embeds through the OpenAI API; Agentry embeds in process, inside its own time).
 * Needs {@code node} and {@code npm ci} in {@code agent-proof/elizaos}; run by scripts/benchmarks.
 */
public final class ElizaBenchmark {
    private ElizaBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String[]> script = ConversationCostBenchmark.script();
        int warmUpChats = Integer.parseInt(BenchSupport.options(args).getOrDefault("warmup", "0"));
        try (StubOpenAi stub = StubOpenAi.start(request -> respond(request, script))) {
            Path data = Files.createTempDirectory("elizaos-bench");
            Path persona = Path.of("agent-proof/src/test/resources/proof/bench-persona.json").toAbsolutePath();
            Path chat = Path.of("agent-proof/src/test/resources/proof/group-chat.txt").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder("node", "agent-proof/elizaos/run.mjs", persona.toString(), chat.toString(), data.toString(),
                    Integer.toString(warmUpChats))
                    .redirectErrorStream(true);
            builder.environment().put("OPENAI_BASE_URL", stub.baseUrl());
            builder.environment().put("OPENAI_API_KEY", "sk-bench-not-a-key");
            long t0 = System.nanoTime();
            Process process = builder.start();
            double ready = -1;
            double rss = -1;
            double peak = -1;
            int embeddingCallsBefore = 0;
            int embeddingTextsBefore = 0;
            List<Integer> boundaries = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            List<Long> embedNanosAt = new ArrayList<>();
            int answered = 0;
            List<String> output = new ArrayList<>();
            boundaries.add(0);
            embedNanosAt.add(0L);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("READY ")) {
                        ready = (System.nanoTime() - t0) / 1e6;
                    } else if (line.equals("MEASURED")) {
                        // the measured chat's requests start here; the warm-up chats' are left out of every figure
                        boundaries.set(0, stub.received().size());
                        embedNanosAt.set(0, stub.embeddingNanos());
                        embeddingCallsBefore = stub.embeddingCalls();
                        embeddingTextsBefore = stub.embeddingTexts();
                    } else if (line.startsWith("MESSAGE ")) {
                        String[] parts = line.split(" ");
                        wall.add(Double.parseDouble(parts[2]));
                        answered += Boolean.parseBoolean(parts[3]) ? 1 : 0;
                        boundaries.add(stub.received().size());
                        embedNanosAt.add(stub.embeddingNanos());
                    } else if (line.startsWith("MEMORY ")) {
                        Map<String, String> m = BenchSupport.options(line.substring(7).strip().split(" "));
                        rss = Double.parseDouble(m.get("rss_mb"));
                        peak = Double.parseDouble(m.get("peak_mb"));
                    }
                }
            }
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0 || wall.size() != script.size()) {
                System.out.println("INVALID: ElizaOS did not finish the chat. Last output:");
                output.subList(Math.max(0, output.size() - 40), output.size()).forEach(l -> System.out.println("    " + l));
                System.exit(1);
            }
            report(stub, script, boundaries, wall, embedNanosAt, answered, ready, rss, peak, embeddingCallsBefore, embeddingTextsBefore);
        }
        System.exit(0);
    }

    private static void report(StubOpenAi stub, List<String[]> script, List<Integer> boundaries, List<Double> wall, List<Long> embedNanosAt,
            int answered, double ready, double rss, double peak, int embeddingCallsBefore, int embeddingTextsBefore) {
        List<StubOpenAi.Received> requests = stub.received().subList(boundaries.get(0), stub.received().size());
        int n = script.size();
        int offset = boundaries.get(0);
        double[] own = new double[n];
        double[] tokens = new double[n];
        for (int i = 0; i < n; i++) {
            List<StubOpenAi.Received> got = requests.subList(boundaries.get(i) - offset, boundaries.get(i + 1) - offset);
            long inside = got.stream().mapToLong(StubOpenAi.Received::nanosInside).sum() + embedNanosAt.get(i + 1) - embedNanosAt.get(i);
            own[i] = wall.get(i) - inside / 1e6;
            tokens[i] = got.stream().mapToInt(StubOpenAi.Received::promptTokens).sum();
        }
        double[] prefix = new double[Math.max(0, requests.size() - 1)];
        for (int j = 1; j < requests.size(); j++) {
            String previous = ConversationCostBenchmark.cacheKey(requests.get(j - 1).request());
            String key = ConversationCostBenchmark.cacheKey(requests.get(j).request());
            prefix[j - 1] = (double) BenchSupport.commonPrefix(previous, key) / key.length();
        }
        String last = String.join("\n", requests.subList(boundaries.get(n - 1) - offset, boundaries.get(n) - offset).stream().map(StubOpenAi.Received::allText).toList());
        int reachable = 0;
        for (int i = n - 32; i < n; i++) {
            reachable += last.contains(script.get(i)[1]) ? 1 : 0;
        }
        double[] warm = Arrays.stream(Arrays.copyOfRange(own, 10, n)).sorted().toArray();
        System.out.printf(Locale.ROOT, "# ElizaOS 1.7.2 on the same chat: %d of %d messages answered; %d chat calls, %d embedding calls (%d texts)%n",
                answered, n, requests.size(), stub.embeddingCalls() - embeddingCallsBefore, stub.embeddingTexts() - embeddingTextsBefore);
        BenchSupport.Figures f = new BenchSupport.Figures();
        f.put("calls_per_message", (double) requests.size() / n, "%.2f");
        f.put("prompt_tokens_per_message", Arrays.stream(tokens).average().orElse(0), "%.0f");
        f.put("reachable_of_32", reachable, "%.0f");
        f.put("prefix_min_pct", Arrays.stream(prefix).min().orElse(0) * 100, "%.0f");
        f.put("prefix_mean_pct", Arrays.stream(prefix).average().orElse(0) * 100, "%.1f");
        f.put("own_p50_ms", BenchSupport.percentile(warm, 50), "%.2f");
        f.put("own_p99_ms", BenchSupport.percentile(warm, 99), "%.2f");
        f.put("embedding_calls_per_message", (double) (stub.embeddingCalls() - embeddingCallsBefore) / n, "%.2f");
        f.put("ready_ms", ready, "%.0f");
        f.put("rss_after_mb", rss, "%.0f");
        f.put("peak_rss_mb", peak, "%.0f");
        f.print();
    }

    /** Answers ElizaOS's templates as a model following them would. */
    static ObjectNode respond(JsonNode request, List<String[]> script) {
        String prompt = StubOpenAi.text(request.get("messages").get(request.get("messages").size() - 1).get("content"));
        if (prompt.contains("Decide on behalf of")) {
            return StubOpenAi.text("<response><name>Tally</name><reasoning>The message is for me.</reasoning><action>RESPOND</action></response>");
        }
        if (prompt.contains("Generate Agent Reflection")) {
            return StubOpenAi.text("<response><thought>The chat is going fine.</thought><facts></facts><relationships></relationships></response>");
        }
        String reply = replyTo(prompt, script);
        if (prompt.contains("Generate dialog and actions")) {
            return StubOpenAi.text("<response><thought>Answer the question.</thought><actions>REPLY</actions><providers></providers><text>" + reply
                    + "</text></response>");
        }
        return StubOpenAi.text("<response><thought>Answer the question.</thought><text>" + reply + "</text></response>");
    }

    /** The reply Agentry gets for the same message: the newest script message the prompt shows. */
    private static String replyTo(String prompt, List<String[]> script) {
        for (int i = script.size() - 1; i >= 0; i--) {
            if (prompt.contains(script.get(i)[1])) {
                String[] words = script.get(i)[1].split("\\s+");
                return "On \"" + String.join(" ", Arrays.copyOf(words, Math.min(6, words.length))) + "…\": "
                        + ConversationCostBenchmark.cannedReply(i);
            }
        }
        return "Noted.";
    }
}
