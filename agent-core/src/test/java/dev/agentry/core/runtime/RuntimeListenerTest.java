package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.RuntimeListener;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Listeners see every step of a turn, in order, and a slow or throwing listener never holds up or breaks an agent. */
class RuntimeListenerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static Agent agent(QueueModel model) {
        Channel channel = new Channel() {
            @Override
            public String source() {
                return "local";
            }

            @Override
            public String reply(Event event, String text, String idempotencyKey) {
                return "posted-" + event.id();
            }
        };
        return Agent.builder("a1").persona(Persona.of("A", "Answers.")).model(model).tool(FakeTool.of("post_note", Effect.POST))
                .channel(channel).build();
    }

    private static Event event(String id) {
        return Event.of(id, "local", "alice", "c1", "hello", Trust.OWNER);
    }

    @Test
    void aListenerSeesATurnStepByStepInOrder() throws Exception {
        Recorder recorder = new Recorder();
        QueueModel model = new QueueModel().toolCall("post_note", "{\"to\":\"bob\"}").reply("done");
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).listener(recorder).build()) {
            runtime.register(agent(model));
            runtime.start();
            TurnResult result = runtime.submit("a1", event("e1")).get(10, TimeUnit.SECONDS);
            assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
            recorder.awaitType("turn.finished");
        }
        assertThat(recorder.types()).containsExactly("turn.started", "model.called", "tool.decided", "tool.journalled", "tool.executed",
                "tool.journalled", "tool.finished", "model.called", "reply.posted", "turn.finished");
        List<RuntimeEvent> events = recorder.events;
        String turnId = ((RuntimeEvent.TurnStarted) events.get(0)).turnId();
        assertThat(events.get(1)).isInstanceOfSatisfying(RuntimeEvent.ModelCalled.class, m -> {
            assertThat(m.turnId()).isEqualTo(turnId);
            assertThat(m.model()).isEqualTo(QueueModel.NAME);
            assertThat(m.call().inputTokens()).isEqualTo(10);
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(RuntimeEvent.ToolCallDecided.class, d -> {
            assertThat(d.decision()).isEqualTo(ToolCall.Decision.ALLOW);
            assertThat(d.rule()).isEqualTo("default");
            assertThat(d.arguments()).isEqualTo("{\"to\":\"bob\"}");
        });
        assertThat(events.get(3)).isInstanceOfSatisfying(RuntimeEvent.ToolCallJournalled.class,
                j -> assertThat(j.record().status()).isEqualTo(EffectRecord.Status.STARTED));
        assertThat(events.get(5)).isInstanceOfSatisfying(RuntimeEvent.ToolCallJournalled.class,
                j -> assertThat(j.record().status()).isEqualTo(EffectRecord.Status.DONE));
        assertThat(events.get(6)).isInstanceOfSatisfying(RuntimeEvent.ToolCallFinished.class,
                f -> assertThat(f.call().outcome()).isEqualTo(ToolCall.Outcome.OK));
        assertThat(events.get(8)).isInstanceOfSatisfying(RuntimeEvent.ReplyPosted.class, r -> assertThat(r.text()).isEqualTo("done"));
        assertThat(events).allSatisfy(e -> assertThat(e.agentId()).isEqualTo("a1"));
    }

    @Test
    void aBlockedListenerHoldsUpNoTurnAndItsOverflowIsCountedWhileOthersGetEverything() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger blockedSaw = new AtomicInteger();
        RuntimeListener blocked = event -> {
            blockedSaw.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Recorder healthy = new Recorder();
        int turns = 20;
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).meterRegistry(registry).listenerQueueCapacity(30)
                .listener(blocked).build()) {
            runtime.register(agent(new QueueModel()));
            RuntimeListener.Subscription subscription = runtime.subscribe(healthy);
            runtime.start();
            List<TurnResult> results = new ArrayList<>();
            for (int i = 0; i < turns; i++) {
                results.add(runtime.submit("a1", event("e" + i)).get(10, TimeUnit.SECONDS));
                // the healthy listener keeps up turn by turn (on a loaded machine its thread may otherwise fall 30 events behind)
                healthy.awaitCount("turn.finished", i + 1);
            }
            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(TurnResult.Outcome.REPLIED));
            assertThat(release.getCount()).as("every turn finished while the listener was still blocked").isEqualTo(1);
            healthy.awaitCount("turn.finished", turns);
            assertThat(subscription.dropped()).as("the healthy listener lost nothing").isZero();
            release.countDown();
        }
        int perTurn = 4; // turn.started, model.called, reply.posted, turn.finished
        assertThat(healthy.events).hasSize(turns * perTurn);
        double dropped = registry.get("agentry.listener.dropped").counter().count();
        assertThat(dropped).isGreaterThan(0);
        assertThat(blockedSaw.get() + dropped).as("every event was either delivered to the blocked listener or counted as dropped")
                .isEqualTo(turns * perTurn);
        assertThat(registry.find("agentry.listener.dropped").tag("listener", "Recorder").counter()).isNull();
    }

    @Test
    void aThrowingListenerKeepsGettingEventsAndBreaksNoTurn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RuntimeListener throwing = event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        };
        Recorder control = new Recorder();
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).meterRegistry(registry).listener(throwing)
                .listener(control).build()) {
            runtime.register(agent(new QueueModel()));
            runtime.start();
            assertThat(runtime.submit("a1", event("e1")).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
            assertThat(runtime.submit("a1", event("e2")).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
            control.awaitCount("turn.finished", 2);
        }
        assertThat(control.events).hasSize(8);
        assertThat(calls).as("the throwing listener was called for every event, not just the first").hasValue(8);
        assertThat(registry.get("agentry.listener.failures").counter().count()).isEqualTo(8);
    }

    /** Records events; the delivery thread writes, the test thread reads. */
    static final class Recorder implements RuntimeListener {
        final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(RuntimeEvent event) {
            events.add(event);
        }

        List<String> types() {
            return events.stream().map(RuntimeEvent::type).toList();
        }

        void awaitType(String type) throws InterruptedException {
            awaitCount(type, 1);
        }

        void awaitCount(String type, int count) throws InterruptedException {
            for (int i = 0; i < 1_000 && types().stream().filter(type::equals).count() < count; i++) {
                Thread.sleep(10);
            }
            assertThat(types().stream().filter(type::equals).count()).as("events of type " + type).isEqualTo(count);
        }
    }
}
