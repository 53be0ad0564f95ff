package dev.agentry.cluster;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
import dev.agentry.memory.AgentryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agents of {@link ClusterBenchmark}, and its node and embedded processes. Every agent of a
 * process shares one stub model: 200 ms per call, at most {@link #MODEL_CONCURRENCY} calls at once
 * (what a node's connection pool or rate limit at a model provider allows), so the figures show how
 * work spreads over nodes rather than this machine's cores.
 */
public final class BenchAgents {
    static final Duration MODEL_LATENCY = Duration.ofMillis(200);
    static final int MODEL_CONCURRENCY = 4;
    static final int AGENTS = 24;
    static final int PARTITIONS = 12;

    private BenchAgents() {}

    /** 24 agent ids, two on each of the 12 partitions. */
    static List<String> ids() {
        List<String> ids = new ArrayList<>();
        Map<Integer, Integer> perPartition = new HashMap<>();
        for (int i = 0; ids.size() < AGENTS; i++) {
            String id = "bench-" + i;
            if (perPartition.merge(dev.agentry.cluster.internal.AgentPartitions.of(id, PARTITIONS), 1, Integer::sum) <= AGENTS / PARTITIONS) {
                ids.add(id);
            }
        }
        return ids;
    }

    static StubModel model() {
        return new StubModel(MODEL_LATENCY, MODEL_CONCURRENCY, (line, tool) -> StubModel.Reply.text("ok " + StubModel.textOf(line)));
    }

    static Agent agent(String id, StubModel model) {
        Channel quiet = new Channel() {
            @Override
            public String source() {
                return "bench";
            }

            @Override
            public String reply(Event event, String text, String key) {
                return event.id();
            }
        };
        return Agent.builder(id).persona(Persona.of(id, "Answers.")).model(model).channel(quiet).policy(StandardPolicy.builder().build()).build();
    }

    static Event event(String id) {
        return Event.of(id, "bench", "client", "c-" + id, "task " + id, Trust.OWNER);
    }

    /** A cluster node of the benchmark. Arguments: nodeId bootstrapServers jdbcUrl topic sessionTimeoutMillis */
    public static final class Node {
        public static void main(String[] args) throws Exception {
            StubModel model = model();
            ClusterNode node = ClusterNode.builder().nodeId(args[0]).bootstrapServers(args[1]).postgres(args[2], "postgres", "")
                    .groupId(args[3]).topic(args[3], PARTITIONS).sessionTimeout(Duration.ofMillis(Long.parseLong(args[4])))
                    .storeSettings(s -> s.embeddingModel(new HashEmbedding(), "hash"))
                    .agents(AgentCatalog.of(java.util.Set.copyOf(ids()), id -> agent(id, model))).build();
            node.start();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /**
     * The embedded mode: one JVM, one runtime, the same agents and model, the journal in the same
     * PostgreSQL. Arguments: jdbcUrl throughput RUNS EVENTS_PER_AGENT (prints one "throughput N" line
     * per run) or jdbcUrl stream (one event per agent every 2 s, until killed).
     */
    public static final class Embedded {
        public static void main(String[] args) throws Exception {
            StubModel model = model();
            try (AgentryStore store = AgentryStore.builder().postgres(args[0], "postgres", "").embeddingModel(new HashEmbedding(), "hash").build();
                    AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).build()) {
                ids().forEach(id -> runtime.register(agent(id, model)));
                runtime.start();
                if (args[1].equals("throughput")) {
                    for (int run = 1; run <= Integer.parseInt(args[2]); run++) {
                        long t0 = System.nanoTime();
                        List<CompletableFuture<?>> turns = new ArrayList<>();
                        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                            for (String id : ids()) {
                                turns.add(runtime.submit(id, event("emb-" + System.nanoTime() + "-" + id + "-" + i)));
                            }
                        }
                        CompletableFuture.allOf(turns.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                        System.out.println("throughput " + turns.size() * 1e9 / (System.nanoTime() - t0));
                    }
                    return;
                }
                System.out.println("streaming");
                for (long tick = 0; ; tick++) {
                    for (String id : ids()) {
                        runtime.submit(id, event("s-" + ProcessHandle.current().pid() + "-" + tick + "-" + id));
                    }
                    Thread.sleep(ClusterBenchmark.STREAM_INTERVAL_MS);
                }
            }
        }
    }
}
