package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.langchain4j.model.chat.ChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reflection: every N messages of a conversation, asks the model for durable facts and stores the
 * new ones as FACT memories. Runs in a virtual thread of its own, started when the N-th message was
 * committed, so neither the turn nor the memory writer waits for the model. Thread-safe.
 */
final class Reflection {
    private static final Logger LOG = LoggerFactory.getLogger(Reflection.class);
    private final JdbcMemory store;
    private final Reflector reflector;
    private final int every;
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();

    /** Reflection with a model, or none when {@code model} is null. */
    Reflection(JdbcMemory store, ChatModel model, int every) {
        this.store = store;
        this.reflector = model == null ? null : new Reflector(model);
        this.every = every;
    }

    /** Counts newly stored messages and starts a reflection on a conversation when its count is reached; a failure is logged. */
    void observe(List<MemoryItem> items) {
        if (reflector == null) {
            return;
        }
        for (MemoryItem i : items) {
            if (i.kind() != MemoryItem.Kind.MESSAGE || i.conversation().isEmpty()) {
                continue;
            }
            String conv = i.conversation().get();
            AtomicInteger n = counters.computeIfAbsent(i.agentId() + "\u0000" + conv, k -> new AtomicInteger());
            if (n.incrementAndGet() >= every) {
                n.set(0);
                start(i.agentId(), conv);
            }
        }
    }

    private void start(String agentId, String conv) {
        Thread t = Thread.ofVirtual().name("agentry-reflection").unstarted(() -> {
            try {
                reflect(agentId, conv);
            } catch (RuntimeException e) {
                LOG.warn("Reflection failed for agent {} conversation {}: {}", agentId, conv, e.toString());
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(t);
        t.start();
    }

    /** Waits until the reflections started so far have finished. */
    void awaitIdle() {
        for (Thread t : List.copyOf(running)) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reflects on a conversation now; returns the facts stored (those not known yet, queued for writing). */
    List<MemoryItem> reflect(String agentId, String conversation) {
        if (reflector == null) {
            return List.of();
        }
        List<MemoryItem> messages = store.recent(agentId, conversation, 3000).stream().filter(m -> m.kind() == MemoryItem.Kind.MESSAGE).toList();
        List<MemoryItem> facts = new ArrayList<>();
        for (MemoryItem f : reflector.facts(agentId, conversation, messages)) {
            boolean known = !store.table().ids("checking known facts", "agent_id = ? AND kind = 'FACT' AND text_hash = ?", agentId,
                    Embedder.hash(f.text())).isEmpty();
            if (!known) {
                facts.add(f);
            }
        }
        store.rememberAll(facts);
        return facts;
    }
}
