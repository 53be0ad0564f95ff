package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.langchain4j.model.chat.ChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reflection: every N messages of a conversation, asks the model for durable facts and stores the
 * new ones as FACT memories. Runs in the thread that stored the N-th message. Thread-safe.
 */
final class Reflection {
    private static final Logger LOG = LoggerFactory.getLogger(Reflection.class);
    private final JdbcMemory store;
    private final Reflector reflector;
    private final int every;
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    /** Reflection with a model, or none when {@code model} is null. */
    Reflection(JdbcMemory store, ChatModel model, int every) {
        this.store = store;
        this.reflector = model == null ? null : new Reflector(model);
        this.every = every;
    }

    /** Counts newly stored messages and reflects on a conversation when its count is reached; a failure is logged, not thrown. */
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
                try {
                    reflect(i.agentId(), conv);
                } catch (RuntimeException e) {
                    LOG.warn("Reflection failed for agent {} conversation {}: {}", i.agentId(), conv, e.toString());
                }
            }
        }
    }

    /** Reflects on a conversation now; returns the facts stored (those not known yet). */
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
