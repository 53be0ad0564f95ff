package dev.agentry.bench;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Journal;
import dev.agentry.core.Limits;
import dev.agentry.core.Memory;
import dev.agentry.core.Persona;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * 1,000 agents in one JVM, each with its own persona, sharing one memory and journal, processing
 * events from an in-process stub {@link ChatModel} (answers at once; no HTTP): events per second,
 * p50/p99 turn overhead (turn time minus model time), heap per idle agent, no event lost, per-agent
 * order kept. Two stores: the in-memory journal/memory of agent-core (the runtime's own cost) and a
 * durable SQLite {@link AgentryStore} (every turn committed with fsync) with a cheap deterministic
 * hash embedding in place of MiniLM (the MiniLM cost is measured by ConversationCostBenchmark).
 *
 * <p>Run (from the repository root):
 * <pre>
 * mvn -q -pl agent-proof -am test-compile exec:exec -Pbench -Dbench=ScaleBenchmark [-Dbench.args="agents=1000 events=20 store=memory|sqlite embedding=hash|minilm submitters=1|agents|pages"]
 * </pre>
 * {@code embedding=minilm} opens the SQLite store with the default in-process all-MiniLM-L6-v2 instead of the hash embedding;
 * {@code submitters=agents} submits each agent's events from a thread of its own (as feeds do) instead of one thread submitting
 * agent after agent, whose every accept waits for its own commit; {@code submitters=pages}: one thread submits each agent's
 * events as one page ({@code AgentRuntime.submitAll}, as a feed's poll or webhook delivers them), agent after agent.
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {}

    /** Answers every request at once with a short reply. */
    static final class InstantModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            return ChatResponse.builder().aiMessage(AiMessage.from("ok, noted.")).tokenUsage(new TokenUsage(400, 4))
                    .finishReason(FinishReason.STOP).build();
        }
    }

    public static void main(String[] args) throws Exception {
        int agents = 1000;
        int events = 20;
        String only = "";
        String embedding = "hash";
        String submitters = "1";
        for (String a : args) {
            if (a.startsWith("agents=")) {
                agents = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("events=")) {
                events = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("store=")) {
                only = a.substring(6);
            } else if (a.startsWith("embedding=")) {
                embedding = a.substring(10);
            } else if (a.startsWith("submitters=")) {
                submitters = a.substring(11);
            }
        }
        String persona = ConversationCostBenchmark.resource("/proof/bench-persona.json");
        System.out.println("# Scale: " + agents + " agents in one JVM, " + events + " events each, in-process stub model, events submitted by "
                + switch (submitters) {
                    case "agents" -> "one thread per agent (in order per agent)";
                    case "pages" -> "one thread, each agent's events as one page (AgentRuntime.submitAll)";
                    default -> "one thread (event by event, agent after agent)";
                });
        System.out.println();
        System.out.println(BenchSupport.machine());
        System.out.println();
        System.out.println("| store | agents | events | events/s | turn overhead p50 ms | p99 ms | submit-to-done p50 ms | p99 ms | heap per idle agent | lost | order violations | outcomes other than REPLIED |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<String> notes = new ArrayList<>();
        if (only.isEmpty() || only.equals("memory")) {
            run("in-memory (core)", "memory", agents, events, persona, null, false, submitters, notes);
        }
        if (only.isEmpty() || only.equals("sqlite")) {
            Path dir = Files.createTempDirectory("agentry-scale");
            boolean minilm = embedding.equals("minilm");
            run("AgentryStore SQLite (fsync per commit, " + (minilm ? "in-process all-MiniLM-L6-v2" : "hash") + " embeddings)",
                    minilm ? "sqlite_minilm" : "sqlite", agents, events,
                    persona, dir.resolve("scale.db"), minilm, submitters, notes);
        }
        System.out.println();
        notes.forEach(System.out::println);
        System.exit(0);
    }

    private static CompletableFuture<TurnResult> submit(AgentRuntime runtime, int a, int e, int agents, double[] overhead, double[] latency) {
        long submitted = System.nanoTime();
        return timed(runtime.submit("agent-" + a, event(a, e)), e * agents + a, submitted, overhead, latency);
    }

    /** Submits an agent's events as one page. */
    private static List<CompletableFuture<TurnResult>> submitPage(AgentRuntime runtime, int a, int events, int agents, double[] overhead,
            double[] latency) {
        long submitted = System.nanoTime();
        List<Event> page = new ArrayList<>(events);
        for (int e = 0; e < events; e++) {
            page.add(event(a, e));
        }
        List<CompletableFuture<TurnResult>> turns = runtime.submitAll("agent-" + a, page);
        List<CompletableFuture<TurnResult>> timed = new ArrayList<>(events);
        for (int e = 0; e < events; e++) {
            timed.add(timed(turns.get(e), e * agents + a, submitted, overhead, latency));
        }
        return timed;
    }

    private static Event event(int a, int e) {
        return new Event("a" + a + "-e" + e, "bench", "user-" + (e % 7), "conv-" + a,
                "message " + e + " for agent " + a + ": what is the treasury doing today?", Trust.UNTRUSTED, Instant.now(),
                Map.of("seq", Integer.toString(e)));
    }

    private static CompletableFuture<TurnResult> timed(CompletableFuture<TurnResult> turn, int index, long submitted, double[] overhead,
            double[] latency) {
        return turn.whenComplete((r, x) -> {
            latency[index] = (System.nanoTime() - submitted) / 1e6;
            if (r != null) {
                long modelNanos = r.modelCalls().stream().mapToLong(m -> m.duration().toNanos()).sum();
                overhead[index] = (r.duration().toNanos() - modelNanos) / 1e6;
            }
        });
    }

    private static long pendingEvents(AgentryStore store, int agents) {
        long pending = 0;
        for (int a = 0; a < agents; a++) {
            pending += store.pending("agent-" + a).size();
        }
        return pending;
    }

    private static void run(String label, String key, int agents, int events, String personaJson, Path sqlite, boolean minilm, String submitters,
            List<String> notes) throws Exception {
        // minilm: the default model, found on the class path (agent-embeddings-minilm)
        AgentryStore store = sqlite == null ? null : minilm ? AgentryStore.sqlite(sqlite)
                : AgentryStore.builder().sqlite(sqlite).embeddingModel(new HashEmbedding(), "hash-trigram-384").build();
        Journal journal = store != null ? store : new InMemoryJournal();
        Memory memory = store != null ? store : new InMemoryMemory();
        ChatModel model = new InstantModel();
        Map<String, ConcurrentLinkedQueue<Integer>> seen = new ConcurrentHashMap<>();
        AgentRuntime runtime = AgentRuntime.builder().journal(journal).memory(memory).discoverPlugins(false).build();
        runtime.start();
        long before = BenchSupport.usedHeapAfterGc();
        for (int a = 0; a < agents; a++) {
            String id = "agent-" + a;
            ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
            seen.put(id, order);
            Persona persona = Persona.parse(personaJson.replace("\"Tally\"", "\"Tally " + a + "\""), "persona-" + a);
            runtime.register(Agent.builder(id).persona(persona).model(model)
                    .limits(Limits.defaults().withMailbox(Math.max(events, 16), Limits.Overflow.BLOCK))
                    .channel(new Channel() {
                        @Override
                        public String source() {
                            return "bench";
                        }

                        @Override
                        public String reply(Event event, String text, String key) {
                            order.add(Integer.parseInt(event.attributes().get("seq")));
                            return "p-" + event.id();
                        }
                    })
                    .build());
        }
        long after = BenchSupport.usedHeapAfterGc();
        double perAgentKb = (after - before) / 1024.0 / agents;
        if (store != null) {
            // the in-process model may still be loading in the background: one recall waits for it, outside the timing
            store.recall(dev.agentry.core.RecallQuery.of("warm-up", "warm up", 1));
        }

        List<CompletableFuture<TurnResult>> futures = Collections.synchronizedList(new ArrayList<>(agents * events));
        double[] overhead = new double[agents * events];
        double[] latency = new double[agents * events];
        long cpu0 = BenchSupport.processCpuNanos();
        long t0 = System.nanoTime();
        if (submitters.equals("agents")) {
            // as feeds do: each agent's events come from its own thread, in order
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                int agent = a;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int e = 0; e < events; e++) {
                        futures.add(submit(runtime, agent, e, agents, overhead, latency));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        } else if (submitters.equals("pages")) {
            for (int a = 0; a < agents; a++) {
                futures.addAll(submitPage(runtime, a, events, agents, overhead, latency));
            }
        } else {
            for (int e = 0; e < events; e++) {
                for (int a = 0; a < agents; a++) {
                    futures.add(submit(runtime, a, e, agents, overhead, latency));
                }
            }
        }
        int replied = 0;
        int other = 0;
        for (CompletableFuture<TurnResult> f : List.copyOf(futures)) {
            TurnResult r = f.get(10, TimeUnit.MINUTES);
            if (r.outcome() == TurnResult.Outcome.REPLIED) {
                replied++;
            } else {
                other++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMsPerEvent = (BenchSupport.processCpuNanos() - cpu0) / 1e6 / (agents * events);
        notes.add(String.format(Locale.ROOT, "%s: process CPU %.3f ms per event (all threads, JIT and GC included): %.2f of the %d cores busy",
                label, cpuMsPerEvent, cpuMsPerEvent * agents * events / 1000 / seconds, Runtime.getRuntime().availableProcessors()));
        int violations = 0;
        int lost = 0;
        for (var entry : seen.entrySet()) {
            List<Integer> got = new ArrayList<>(entry.getValue());
            lost += events - got.size();
            for (int i = 0; i < got.size(); i++) {
                if (got.get(i) != i) {
                    violations++;
                    break;
                }
            }
        }
        double[] o = BenchSupport.sorted(overhead);
        double[] l = BenchSupport.sorted(latency);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.3f | %.3f | %.1f | %.1f | %.1f KB | %d | %d | %d |%n", label, agents, agents * events,
                agents * events / seconds, BenchSupport.percentile(o, 50), BenchSupport.percentile(o, 99), BenchSupport.percentile(l, 50),
                BenchSupport.percentile(l, 99), perAgentKb, lost, violations, other);
        BenchSupport.Figures f = new BenchSupport.Figures();
        f.put(key + "_events_per_s", agents * events / seconds, "%.0f");
        f.put(key + "_overhead_p50_ms", BenchSupport.percentile(o, 50), "%.3f");
        f.put(key + "_overhead_p99_ms", BenchSupport.percentile(o, 99), "%.3f");
        f.put(key + "_cpu_ms_per_event", cpuMsPerEvent, "%.3f");
        f.put(key + "_heap_per_idle_agent_kb", perAgentKb, "%.1f");
        f.put(key + "_lost", lost, "%.0f");
        f.put(key + "_order_violations", violations, "%.0f");
        f.put(key + "_not_replied", other, "%.0f");
        f.print();
        runtime.close();
        if (store != null) {
            store.flush();
            long memories = 0;
            long turns = 0;
            for (int a = 0; a < agents; a++) {
                memories += store.count("agent-" + a);
                turns += store.turns("agent-" + a, events + 1).size();
            }
            notes.add(String.format(Locale.ROOT, "%s: %d memories stored of %d (each event and its reply), %d turns recorded of %d, %d events"
                    + " still pending", label, memories, 2L * agents * events, turns, (long) agents * events, pendingEvents(store, agents)));
            store.close();
        }
        if (replied + other != agents * events) {
            throw new IllegalStateException("futures lost");
        }
    }
}
