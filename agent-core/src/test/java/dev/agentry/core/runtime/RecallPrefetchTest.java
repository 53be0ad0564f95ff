package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.Persona;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runtime tells memory what the turn will recall as soon as the event arrives, before journalling it. */
class RecallPrefetchTest {

    /** Memory that records the order of prefetches and recalls; a prefetch may throw without harm. */
    static final class RecordingMemory implements Memory {
        final InMemoryMemory delegate = new InMemoryMemory();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean failPrefetch;

        @Override
        public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
            return delegate.recent(agentId, conversation, tokenBudget);
        }

        @Override
        public List<MemoryItem> recall(RecallQuery query) {
            calls.add("recall " + query.text());
            return delegate.recall(query);
        }

        @Override
        public void prefetch(String agentId, String text) {
            calls.add("prefetch " + agentId + " " + text);
            if (failPrefetch) {
                throw new IllegalStateException("model not loaded");
            }
        }

        @Override
        public void remember(MemoryItem item) {
            delegate.remember(item);
        }
    }

    private static TurnResult run(RecordingMemory memory, Event event) throws Exception {
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).memory(memory).build()) {
            runtime.register(Agent.builder("a1").persona(Persona.of("A", "Answers.")).model(new QueueModel().reply("hi")).build());
            runtime.start();
            return runtime.submit("a1", event).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theEventsTextIsPrefetchedBeforeItIsRecalled() throws Exception {
        RecordingMemory memory = new RecordingMemory();

        TurnResult result = run(memory, Event.of("e1", "local", "alice", "c1", "what do I like?", Trust.OWNER));

        assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThat(memory.calls).containsExactly("prefetch a1 what do I like?", "recall what do I like?");
    }

    @Test
    void aFailingPrefetchDoesNotFailTheTurn() throws Exception {
        RecordingMemory memory = new RecordingMemory();
        memory.failPrefetch = true;

        TurnResult result = run(memory, Event.of("e1", "local", "alice", "c1", "what do I like?", Trust.OWNER));

        assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThat(memory.calls).containsExactly("prefetch a1 what do I like?", "recall what do I like?");
    }

    @Test
    void aBlankEventIsNeitherPrefetchedNorRecalled() throws Exception {
        RecordingMemory memory = new RecordingMemory();

        run(memory, Event.of("e1", "local", "alice", "c1", " ", Trust.OWNER));

        assertThat(memory.calls).isEmpty();
    }
}
