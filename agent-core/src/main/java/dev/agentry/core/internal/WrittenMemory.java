package dev.agentry.core.internal;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A memory whose reads first wait for the {@link MemoryWriter}'s queued writes, so that a reader
 * outside the turn pipeline (an application after a turn, a tool checking for a near-duplicate
 * post) sees every finished turn. Writes go straight to the memory. Thread-safe.
 */
final class WrittenMemory implements Memory {
    private final Memory memory;
    private final MemoryWriter writer;

    WrittenMemory(Memory memory, MemoryWriter writer) {
        this.memory = memory;
        this.writer = writer;
    }

    @Override
    public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
        writer.awaitWritten();
        return memory.recent(agentId, conversation, tokenBudget);
    }

    @Override
    public List<MemoryItem> recall(RecallQuery query) {
        writer.awaitWritten();
        return memory.recall(query);
    }

    @Override
    public Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
        writer.awaitWritten();
        return memory.mostSimilar(agentId, text, kinds, since);
    }

    @Override
    public void remember(MemoryItem item) {
        memory.remember(item);
    }

    @Override
    public void rememberAll(List<MemoryItem> items) {
        memory.rememberAll(items);
    }
}
