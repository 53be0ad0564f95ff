package dev.agentry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.Channel;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Cluster nodes in this JVM against a real Kafka broker and a real PostgreSQL server: agents move
 * between nodes as they join and leave, a node that lost an agent is fenced before its effect runs,
 * and agents talk to agents within a hop limit and a conversation budget.
 */
class ClusterNodeTest {
    private static final Persona PERSONA = Persona.of("Clerk", "Answers every message.");

    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<String> replies = new CopyOnWriteArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private String db;
    private String topic;

    @AfterEach
    void closeNodes() {
        nodes.forEach(ClusterNode::close);
    }

    private void fresh(TestInfo info) throws Exception {
        String name = info.getTestMethod().orElseThrow().getName().toLowerCase();
        db = TestServers.newDatabase("node");
        topic = "t-" + name.substring(0, Math.min(30, name.length())) + "-" + System.nanoTime();
    }

    private ClusterNode node(String id, Set<String> agents, java.util.function.Function<String, Agent.Builder> agent, int hopLimit, int budget)
            throws Exception {
        ClusterNode node = ClusterNode.builder().bootstrapServers(TestServers.kafka()).postgres(db, "postgres", "").nodeId(id)
                .groupId(topic).topic(topic, 4).sessionTimeout(Duration.ofSeconds(3)).handoverGrace(Duration.ofSeconds(5))
                .agentTrust(Map.of("alpha", Trust.TRUSTED), Trust.UNTRUSTED).loopLimits(hopLimit, budget)
                .storeSettings(s -> s.embeddingModel(new HashEmbedding(), "hash"))
                .runtimeSettings(r -> r.retryBackoff(Duration.ofMillis(50)))
                .agents(AgentCatalog.of(agents, a -> agent.apply(a).channel(recorder(id, a)).build())).build();
        nodes.add(node);
        node.start();
        return node;
    }

    private Channel recorder(String nodeId, String agentId) {
        return new Channel() {
            @Override
            public String source() {
                return "api";
            }

            @Override
            public String reply(Event event, String text, String key) {
                replies.add(nodeId + "|" + agentId + "|" + event.id() + "|" + text);
                return event.id();
            }
        };
    }

    private Agent.Builder clerk(String agentId, StubModel model) {
        return Agent.builder(agentId).persona(PERSONA).model(model).policy(StandardPolicy.builder().build());
    }

    private static Event api(String id, String text) {
        return Event.of(id, "api", "owner", "c-" + id, text, Trust.OWNER);
    }

    @Test
    void agentsMoveBetweenNodesAsTheyJoinAndLeaveWithEveryEventAnsweredOnceInOrder(TestInfo info) throws Exception {
        fresh(info);
        Set<String> agents = Set.of("a0", "a1", "a2", "a3", "a4", "a5");
        StubModel model = new StubModel(Duration.ofMillis(40), 64, (line, tool) -> StubModel.Reply.text("done " + StubModel.textOf(line)));
        ClusterNode first = node("n1", agents, a -> clerk(a, model), 4, 20);
        awaitTrue("n1 runs every agent", () -> first.ownedAgents().keySet().equals(agents));
        Map<String, List<String>> sent = new LinkedHashMap<>();
        try (EventPublisher publisher = EventPublisher.connect(TestServers.kafka(), topic)) {
            publish(publisher, agents, sent, 0, 5);
            awaitTrue("first round answered", () -> replies.size() == 30);
            ClusterNode second = node("n2", agents, a -> clerk(a, model), 4, 20);
            awaitTrue("n2 took some agents over", () -> !second.ownedAgents().isEmpty()
                    && second.ownedAgents().size() + first.ownedAgents().size() == agents.size());
            publish(publisher, agents, sent, 5, 10);
            awaitTrue("second round answered", () -> replies.size() == 60);
            first.close();
            awaitTrue("n2 runs every agent after n1 left", () -> second.ownedAgents().keySet().equals(agents));
            publish(publisher, agents, sent, 10, 12);
            awaitTrue("third round answered", () -> replies.size() == 72);
        }
        Thread.sleep(500);
        assertThat(replies).as("each event answered exactly once").hasSize(72).doesNotHaveDuplicates();
        for (String agent : agents) {
            List<String> answered = replies.stream().filter(r -> r.split("\\|")[1].equals(agent)).map(r -> r.split("\\|")[2]).toList();
            assertThat(answered).as("agent %s answered its events in order", agent).containsExactlyElementsOf(sent.get(agent));
        }
        assertThat(replies).as("both nodes answered").anyMatch(r -> r.startsWith("n1|")).anyMatch(r -> r.startsWith("n2|"));
        awaitTrue("offsets committed up to the end of every partition", () -> lag() == 0);
    }

    @Test
    void aPublisherRefusesATopicNoNodeCreatedRatherThanLetTheBrokerMakeOneOfOnePartition() throws Exception {
        String missing = "no-node-yet-" + System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventPublisher.connect(TestServers.kafka(), missing))
                .isInstanceOf(ClusterException.class).hasMessageContaining("topic " + missing + " does not exist")
                .hasMessageContaining("the first cluster node creates it");
    }

    private static void publish(EventPublisher publisher, Set<String> agents, Map<String, List<String>> sent, int from, int to) {
        for (int i = from; i < to; i++) {
            for (String agent : agents.stream().sorted().toList()) {
                String id = agent + "-e" + i;
                publisher.send(agent, api(id, "task " + i));
                sent.computeIfAbsent(agent, k -> new ArrayList<>()).add(id);
            }
        }
    }

    @Test
    void aNodeThatLostItsAgentIsFencedBeforeTheEffectRuns(TestInfo info) throws Exception {
        fresh(info);
        CountDownLatch thinking = new CountDownLatch(1);
        CountDownLatch usurped = new CountDownLatch(1);
        List<String> executed = new CopyOnWriteArrayList<>();
        StubModel model = new StubModel(Duration.ZERO, 8, (line, tool) -> {
            if (tool.isPresent()) {
                return StubModel.Reply.text("paid");
            }
            if (line.endsWith("pay 2")) {
                thinking.countDown();
                await(usurped);
            }
            return StubModel.Reply.call("pay", "{\"what\":\"" + StubModel.textOf(line) + "\"}");
        });
        ClusterNode node = node("n1", Set.of("payer"), a -> clerk(a, model).tool(recordingTool(executed)), 4, 20);
        awaitTrue("n1 runs the payer", () -> node.ownedAgents().containsKey("payer"));
        node.publish("payer", api("p1", "pay 1")).get(10, TimeUnit.SECONDS);
        awaitTrue("positive control: pay 1 ran", () -> executed.size() == 1 && replies.size() == 1);

        node.publish("payer", api("p2", "pay 2")).get(10, TimeUnit.SECONDS);
        assertThat(thinking.await(20, TimeUnit.SECONDS)).as("the turn for pay 2 is in its model call").isTrue();
        try (AgentryStore usurper = AgentryStore.builder().postgres(db, "postgres", "").embeddingModel(new HashEmbedding(), "hash")
                .fencing("usurper").build()) {
            long epoch = usurper.claim("payer"); // what a new owner does first; n1 has not heard of it (a pause, a split)
            assertThat(epoch).isGreaterThan(node.epoch("payer").orElseThrow());
            usurped.countDown();
            awaitTrue("n1 stopped the fenced agent", () -> !node.ownedAgents().containsKey("payer"));
            Thread.sleep(300);
            assertThat(executed).as("the fenced node ran nothing after losing the agent").containsExactly("pay 1");
            assertThat(usurper.pending("payer")).extracting(Event::id).as("pay 2 waits in the shared inbox for the new owner").containsExactly("p2");
            assertThat(usurper.effectsSince("payer", java.time.Instant.EPOCH)).extracting(r -> r.eventId()).doesNotContain("p2");
        }
        assertThat(replies).hasSize(1);
    }

    private static Tool recordingTool(List<String> executed) {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name("pay").description("pays")
                        .parameters(JsonObjectSchema.builder().addStringProperty("what", "what to pay").required("what").build()).build();
            }

            @Override
            public Effect effect() {
                return Effect.POST;
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                executed.add(arguments.string("what"));
                return "ok";
            }
        };
    }

    @Test
    void agentsTalkByIdSeeTheSendersTrustAndTheHopLimitEndsTheirLoop(TestInfo info) throws Exception {
        fresh(info);
        int sentMessages = talk(3, 20);
        assertThat(seen).as("what each agent saw, in order").containsExactly(
                "alpha|[api] owner (owner): start",
                "beta|[agent] alpha (trusted): ping",
                "alpha|[agent] beta (untrusted): ping",
                "beta|[agent] alpha (untrusted): ping"); // alpha is trusted, but it answers an untrusted message: no more than that
        assertThat(sentMessages).as("3 hops: alpha→beta, beta→alpha, alpha→beta; beta's answer is the 4th and is not sent").isEqualTo(3);
        assertThat(replies).containsExactly("n1|alpha|start-1|started");
    }

    @Test
    void aConversationBudgetEndsALoopTheHopLimitWouldAllow(TestInfo info) throws Exception {
        fresh(info);
        int sentMessages = talk(10, 2);
        assertThat(sentMessages).as("budget of 2 messages in the conversation").isEqualTo(2);
        assertThat(seen).hasSize(3);
    }

    /** alpha starts a conversation with beta; every agent message is answered; returns the messages counted in the shared table. */
    private int talk(int hopLimit, int budget) throws Exception {
        ClusterNode node = node("n1", Set.of("alpha", "beta"), a -> clerk(a, new StubModel(Duration.ofMillis(20), 8, (line, tool) -> {
            if (tool.isPresent()) {
                return StubModel.Reply.text(tool.get().contains("\"sent\":true") ? "started" : "failed: " + tool.get());
            }
            seen.add(a + "|" + line);
            return line.endsWith("start") ? StubModel.Reply.call("message_agent", "{\"to\":\"beta\",\"text\":\"ping\"}") : StubModel.Reply.text("ping");
        })), hopLimit, budget);
        awaitTrue("n1 runs both agents", () -> node.ownedAgents().size() == 2);
        node.publish("alpha", api("start-1", "start")).get(10, TimeUnit.SECONDS);
        awaitTrue("alpha answered its owner", () -> !replies.isEmpty());
        Thread.sleep(2_500); // the loop runs, then stops
        int before = seen.size();
        Thread.sleep(1_000);
        assertThat(seen).as("the loop has stopped").hasSize(before);
        try (Connection c = DriverManager.getConnection(db, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM agentry_agent_messages")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private long lag() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServers.kafka()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topic).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            IntStream.range(0, 4).forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 40 s: " + what);
            }
            Thread.sleep(50);
        }
    }

}
