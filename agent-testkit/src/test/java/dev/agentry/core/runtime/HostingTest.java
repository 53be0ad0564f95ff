package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import dev.agentry.core.FencedException;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Journal;
import dev.agentry.core.Persona;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trigger;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ForwardingJournal;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks a cluster needs from the runtime: hosting one agent and stopping it again (finishing or
 * abandoning the turn in flight, leaving queued events in the inbox), sending trigger events to
 * another sink, and stopping an agent whose journal says another runtime owns it now.
 */
class HostingTest {
    private static final String FRIEND = "0x00000000000000000000000000000000000f00d5";

    private final InMemoryJournal inner = new InMemoryJournal();
    private final FenceableJournal journal = new FenceableJournal(inner);
    private final List<String> replies = new CopyOnWriteArrayList<>();
    private final GatedModel model = new GatedModel();
    private AgentRuntime runtime;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private AgentRuntime runtime() {
        runtime = AgentRuntime.builder().journal(journal).retryBackoff(Duration.ofMillis(10)).drainTimeout(Duration.ofSeconds(2)).build();
        return runtime;
    }

    private Agent.Builder agent(TestTools.FakeTransfer transfer) {
        Channel channel = new Channel() {
            @Override
            public String source() {
                return "local";
            }

            @Override
            public String reply(Event event, String text, String key) {
                replies.add(event.id() + "->" + text);
                return "r" + replies.size();
            }
        };
        return Agent.builder("host").persona(Persona.of("Host", "Answers.")).model(model).channel(channel).tool(transfer)
                .policy(StandardPolicy.builder().spendCap("ETH", new BigDecimal("10"), Duration.ofDays(1)).recipientAllowlist(List.of(FRIEND)).build());
    }

    private static Event event(String id, String text) {
        return Event.of(id, "local", "alice", "c1", text, Trust.OWNER);
    }

    @Test
    void deregisterLetsTheTurnInFlightFinishAndLeavesQueuedEventsForTheNextHost() throws Exception {
        AgentRuntime rt = runtime();
        rt.register(agent(new TestTools.FakeTransfer()).build());
        rt.start();
        model.gate();
        CompletableFuture<TurnResult> first = rt.submit("host", event("e1", "hello 1"));
        CompletableFuture<TurnResult> second = rt.submit("host", event("e2", "hello 2"));
        CompletableFuture<TurnResult> third = rt.submit("host", event("e3", "hello 3"));
        assertThat(model.calling.tryAcquire(10, TimeUnit.SECONDS)).as("the first turn is in its model call").isTrue();

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> rt.deregister("host", Duration.ofSeconds(10)));
        Thread.sleep(200);
        assertThat(stopped).as("deregister waits for the turn in flight").isNotDone();
        model.open();

        assertThat(stopped.get(10, TimeUnit.SECONDS)).as("nothing abandoned").isTrue();
        assertThat(first.get(1, TimeUnit.SECONDS).outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThatThrownBy(() -> second.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("event e2 not processed: the agent stopped before it was processed; it stays in the journal inbox");
        assertThat(third).isCompletedExceptionally();
        assertThat(replies).containsExactly("e1->answer to hello 1");
        assertThat(inner.pending("host")).extracting(Event::id).containsExactly("e2", "e3");
        assertThat(rt.agents()).isEmpty();
        assertThatThrownBy(() -> rt.submit("host", event("e4", "x"))).isInstanceOf(IllegalArgumentException.class);

        // registered again (here; in a cluster on another node) it takes up the queued events, in order
        rt.register(agent(new TestTools.FakeTransfer()).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (replies.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(replies).containsExactly("e1->answer to hello 1", "e2->answer to hello 2", "e3->answer to hello 3");
        assertThat(inner.pending("host")).isEmpty();
    }

    @Test
    void deregisterAbandonsATurnThatOutlivesTheGraceWithoutRetryOrDeadLetter() throws Exception {
        AgentRuntime rt = runtime();
        rt.register(agent(new TestTools.FakeTransfer()).build());
        rt.start();
        model.gate();
        CompletableFuture<TurnResult> first = rt.submit("host", event("e1", "hello 1"));
        assertThat(model.calling.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

        assertThat(rt.deregister("host", Duration.ofMillis(200))).as("the turn had to be abandoned").isFalse();

        assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(TurnResult.Outcome.FAILED);
        assertThat(model.calls.get()).as("no retry after the stop").isEqualTo(1);
        assertThat(inner.deadLetters("host")).isEmpty();
        assertThat(inner.pending("host")).extracting(Event::id).containsExactly("e1");
        model.open();
        Thread.sleep(200);
        assertThat(replies).as("the abandoned turn sends no reply").isEmpty();
        assertThatThrownBy(() -> rt.deregister("host", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rt.deregister("x", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
    }

    @Test
    void triggerEventsGoToTheConfiguredSinkInsteadOfTheMailbox() throws Exception {
        List<String> routed = new CopyOnWriteArrayList<>();
        runtime = AgentRuntime.builder().journal(journal).triggerSinks(agentId -> event -> routed.add(agentId + ":" + event.id())).build();
        runtime.register(agent(new TestTools.FakeTransfer()).trigger(new Trigger() {
            @Override
            public void start(EventSink sink) {
                assertThat(sink.deliver(event("t1", "from a trigger"))).isTrue();
            }

            @Override
            public void close() {}
        }).build());
        runtime.start();

        assertThat(routed).containsExactly("host:t1");
        assertThat(inner.pending("host")).as("the mailbox did not take it").isEmpty();
        assertThatThrownBy(() -> AgentRuntime.builder().triggerSinks(id -> e -> true).triggerSinks(id -> e -> true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("triggerSinks");
    }

    @Test
    void anAgentFencedByItsJournalStopsAtOnceAndItsEffectNeverRuns() throws Exception {
        TestTools.FakeTransfer transfer = new TestTools.FakeTransfer();
        AgentRuntime rt = runtime();
        rt.register(agent(transfer).build());
        rt.start();

        // positive control: unfenced, the payment runs once and the event is answered
        assertThat(rt.submit("host", event("p1", "pay 0.5")).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThat(transfer.executed).containsExactly(FRIEND + "=0.5");

        model.gate();
        CompletableFuture<TurnResult> fenced = rt.submit("host", event("p2", "pay 0.7"));
        CompletableFuture<TurnResult> queued = rt.submit("host", event("p3", "hello 3"));
        assertThat(model.calling.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        journal.fenced.set(true); // another runtime claims the agent while the model thinks
        model.open();

        assertThatThrownBy(() -> fenced.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(FencedException.class).hasMessageContaining("taken over");
        assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(FencedException.class);
        assertThat(transfer.executed).as("the fenced payment never ran").containsExactly(FRIEND + "=0.5");
        assertThat(model.calls.get()).as("no retry: model calls for p1 (2) and p2 (1)").isEqualTo(3);
        assertThat(inner.deadLetters("host")).isEmpty();
        assertThat(inner.pending("host")).extracting(Event::id).containsExactly("p2", "p3");
        assertThat(inner.turns("host", 10)).extracting(t -> t.event().id()).containsExactly("p1");
        assertThat(rt.submit("host", event("p4", "x"))).isCompletedExceptionally();
        assertThat(rt.deliver("host", event("p5", "x"))).isFalse();
    }

    /** Answers "pay N" with a transfer of N ETH, anything else with "answer to ...". While gated, each call waits for {@link #open()}. */
    private static final class GatedModel implements ChatModel {
        final AtomicInteger calls = new AtomicInteger();
        final Semaphore calling = new Semaphore(0);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void gate() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            calls.incrementAndGet();
            calling.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            List<ChatMessage> messages = request.messages();
            ChatMessage last = messages.get(messages.size() - 1);
            if (last instanceof ToolExecutionResultMessage) {
                return text("paid");
            }
            String said = ((UserMessage) last).singleText();
            said = said.substring(said.lastIndexOf(": ") + 2); // the composer writes "[source] author (trust): text"
            if (said.startsWith("pay ")) {
                return ChatResponse.builder().aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder().id("t1").name("transfer_native")
                        .arguments("{\"to\":\"" + FRIEND + "\",\"amount\":\"" + said.substring(4) + "\"}").build())))
                        .tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.TOOL_EXECUTION).build();
            }
            return text("answer to " + said);
        }

        private static ChatResponse text(String s) {
            return ChatResponse.builder().aiMessage(AiMessage.from(s)).tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.STOP).build();
        }
    }

    /** A journal that refuses the writes a fenced cluster journal refuses, once {@link #fenced} is set. */
    private static final class FenceableJournal extends ForwardingJournal {
        final AtomicBoolean fenced = new AtomicBoolean();

        FenceableJournal(Journal inner) {
            super(inner);
        }

        private void check(String agentId) {
            if (fenced.get()) {
                throw new FencedException(agentId, "agent '" + agentId + "' was taken over: journal write refused");
            }
        }

        @Override
        public boolean accept(String agentId, Event event) {
            check(agentId);
            return super.accept(agentId, event);
        }

        @Override
        public List<Boolean> acceptAll(String agentId, List<Event> events) {
            check(agentId);
            return super.acceptAll(agentId, events);
        }

        @Override
        public void complete(String agentId, String eventId) {
            check(agentId);
            super.complete(agentId, eventId);
        }

        @Override
        public void finishTurn(TurnResult turn) {
            check(turn.agentId());
            super.finishTurn(turn);
        }

        @Override
        public void putEffect(EffectRecord record) {
            check(record.agentId());
            super.putEffect(record);
        }

        @Override
        public void deadLetter(DeadLetter letter) {
            check(letter.agentId());
            super.deadLetter(letter);
        }
    }
}
