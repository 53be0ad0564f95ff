package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Journal;
import dev.agentry.core.Limits;
import dev.agentry.core.Persona;
import dev.agentry.core.Trigger;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ForwardingJournal;
import dev.agentry.testkit.ScriptedModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A page of events: journalled in one write, queued in order, duplicates and a full mailbox handled per event. */
class SubmitAllTest {
    private ScriptedModel model;
    private CountingJournal journal;
    private AgentRuntime runtime;

    @BeforeEach
    void setUp() {
        model = ScriptedModel.start();
        journal = new CountingJournal(new InMemoryJournal());
        runtime = AgentRuntime.builder().journal(journal).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        model.close();
    }

    private Agent.Builder agent() {
        return Agent.builder("bot").persona(Persona.of("Bot", "Answers.")).model(model.chatModel());
    }

    private static Event event(String id) {
        return Event.of(id, "local", "alice", "chat-1", "message " + id, Trust.OWNER);
    }

    @Test
    void aPageIsJournalledInOneWriteAndAnsweredInOrder() throws Exception {
        runtime.register(agent().build());
        runtime.start();
        model.thenReply("r1").thenReply("r2").thenReply("r3");

        List<CompletableFuture<TurnResult>> turns = runtime.submitAll("bot", List.of(event("e1"), event("e2"), event("e3")));

        assertThat(journal.batches).containsExactly(List.of("e1", "e2", "e3"));
        List<String> replies = turns.stream().map(t -> t.join().reply().orElseThrow()).toList();
        assertThat(replies).containsExactly("r1", "r2", "r3");
        assertThat(model.requests()).hasSize(3);
        assertThat(journal.pending("bot")).isEmpty();
    }

    @Test
    void duplicatesInAPageAndAcrossPagesRunOnce() throws Exception {
        runtime.register(agent().build());
        runtime.start();
        model.thenReply("once").thenReply("new");
        runtime.submit("bot", event("e1")).get(20, TimeUnit.SECONDS);

        List<CompletableFuture<TurnResult>> turns = runtime.submitAll("bot", List.of(event("e1"), event("e2"), event("e2")));

        assertThat(turns.get(0).get(20, TimeUnit.SECONDS).outcome()).isEqualTo(TurnResult.Outcome.DUPLICATE);
        assertThat(turns.get(1).get(20, TimeUnit.SECONDS).reply()).contains("new");
        assertThat(turns.get(2).get(20, TimeUnit.SECONDS).outcome()).isEqualTo(TurnResult.Outcome.DUPLICATE);
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void aFullMailboxRefusesTheRestOfThePageWhileWhatFitIsJournalledTogether() throws Exception {
        runtime.register(agent().limits(Limits.defaults().withMailbox(2, Limits.Overflow.REJECT)).build());
        // not started: the events wait in the mailbox

        List<CompletableFuture<TurnResult>> turns = runtime.submitAll("bot", List.of(event("e1"), event("e2"), event("e3")));

        assertThat(journal.batches).containsExactly(List.of("e1", "e2"));
        assertThat(turns.get(2)).isCompletedExceptionally();
        assertThatThrownBy(turns.get(2)::join).hasCauseInstanceOf(RejectedExecutionException.class).hasMessageContaining("is full (capacity 2)");
        assertThat(journal.pending("bot")).extracting(Event::id).containsExactly("e1", "e2");
        model.thenReply("one").thenReply("two");
        runtime.start();
        assertThat(turns.get(0).get(20, TimeUnit.SECONDS).reply()).contains("one");
        assertThat(turns.get(1).get(20, TimeUnit.SECONDS).reply()).contains("two");
    }

    @Test
    void aTriggersSinkDeliversAPageAndSaysHowManyAreIn() throws Exception {
        AtomicReference<EventSink> sink = new AtomicReference<>();
        Trigger trigger = new Trigger() {
            @Override
            public void start(EventSink s) {
                sink.set(s);
            }

            @Override
            public void close() {}
        };
        runtime.register(agent().trigger(trigger).limits(Limits.defaults().withMailbox(2, Limits.Overflow.REJECT)).build());
        model.thenSlowReply(java.time.Duration.ofSeconds(2), "slow").thenReply("b").thenReply("c");
        runtime.start();
        runtime.submit("bot", event("first"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (runtime.queued("bot") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }

        int delivered = sink.get().deliverAll(List.of(event("p1"), event("p2"), event("p3")));

        assertThat(delivered).isEqualTo(2);
        assertThat(journal.pending("bot")).extracting(Event::id).contains("p1", "p2").doesNotContain("p3");
        assertThat(journal.batches).contains(List.of("p1", "p2"));
    }

    /** Records each acceptAll call's event ids; everything else goes to the journal it wraps. */
    private static final class CountingJournal extends ForwardingJournal {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        CountingJournal(Journal inner) {
            super(inner);
        }

        @Override
        public List<Boolean> acceptAll(String agentId, List<Event> events) {
            batches.add(events.stream().map(Event::id).toList());
            return super.acceptAll(agentId, events);
        }
    }
}
