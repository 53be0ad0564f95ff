package dev.agentry.memory.internal;

import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.core.TurnResult;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.IngestListener;
import dev.agentry.memory.RetentionPolicy;
import dev.agentry.memory.ScoredMemory;
import dev.agentry.memory.TimeRange;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AgentryStore}, the bundle: it hands each call to the store or collaborator that does that
 * one thing, all over one shared {@link Db} handle (SQLite or PostgreSQL) and its
 * {@link GroupCommit}. Completing an event goes through the memory writer's queue, behind the
 * agent's queued memories and in the same transaction as them or a later one, so an event is never
 * completed before the memories its turn stored are durable (fenced, the agent's memories are
 * flushed first and the fenced journal write follows on its own).
 */
public final class JdbcStore implements AgentryStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    private final Db db;
    private final GroupCommit commits;
    private final JdbcMemory memory;
    private final JdbcJournal journal;
    private final JdbcCursors cursors;
    private final Epochs epochs;
    private final KnowledgeIngestor knowledge;
    private final Retention retention;
    private final Reflection reflection;

    JdbcStore(Db db, GroupCommit commits, JdbcMemory memory, StoreConfig config) {
        this.db = db;
        this.commits = commits;
        this.memory = memory;
        this.epochs = config.fencingOwner == null ? null : new Epochs(db, config.fencingOwner);
        this.journal = new JdbcJournal(db, commits, epochs);
        this.cursors = new JdbcCursors(db);
        this.knowledge = new KnowledgeIngestor(memory, db);
        this.retention = new Retention(memory, db, config.summarizer);
        this.reflection = new Reflection(memory, config.reflectionModel, config.reflectionEvery);
        memory.afterWrite(reflection::observe);
    }

    /** The memory store (the benchmark reads its recall and index directly). */
    public JdbcMemory memoryStore() {
        return memory;
    }

    @Override
    public void remember(MemoryItem item) {
        memory.remember(item);
    }

    @Override
    public void rememberAll(List<MemoryItem> items) {
        memory.rememberAll(items);
    }

    @Override
    public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
        return memory.recent(agentId, conversation, tokenBudget);
    }

    @Override
    public List<MemoryItem> recall(RecallQuery query) {
        return memory.recall(query);
    }

    @Override
    public void prefetch(String agentId, String text) {
        memory.prefetch(agentId, text);
    }

    @Override
    public List<ScoredMemory> search(RecallQuery query, TimeRange range) {
        return memory.search(query, range);
    }

    @Override
    public Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
        return memory.mostSimilar(agentId, text, kinds, since);
    }

    @Override
    public Optional<MemoryItem> memory(String id) {
        return memory.memory(id);
    }

    @Override
    public boolean forget(String id) {
        return memory.forget(id);
    }

    @Override
    public long count(String agentId) {
        return memory.count(agentId);
    }

    @Override
    public IngestListener.Report ingest(String agentId, Path folder, IngestListener listener) {
        return knowledge.ingest(agentId, folder, listener);
    }

    @Override
    public RetentionPolicy.Report applyRetention(String agentId, RetentionPolicy policy) {
        return retention.apply(agentId, policy);
    }

    @Override
    public ChatMemoryStore chatMemoryStore(String agentId) {
        return new ChatMemoryAdapter(memory, agentId);
    }

    /** Queues the memories a crash left without vectors to be embedded (reads of their agents wait for them). */
    void refillMissingVectors() {
        memory.refillMissingVectors();
    }

    @Override
    public int reembed(IntConsumer progress) {
        return Reembedder.reembed(db, memory, progress);
    }

    @Override
    public List<MemoryItem> reflect(String agentId, String conversation) {
        return reflection.reflect(agentId, conversation);
    }

    @Override
    public boolean accept(String agentId, Event event) {
        return journal.accept(agentId, event);
    }

    @Override
    public List<Boolean> acceptAll(String agentId, List<Event> events) {
        return journal.acceptAll(agentId, events);
    }

    @Override
    public void complete(String agentId, String eventId) {
        if (journal.fenced()) {
            memory.flush(agentId);
            journal.complete(agentId, eventId);
            return;
        }
        memory.writeAfterMemories(agentId, journal.completing(agentId, eventId));
    }

    @Override
    public void finishTurn(TurnResult turn) {
        if (journal.fenced()) {
            memory.flush(turn.agentId());
            journal.finishTurn(turn);
            return;
        }
        memory.writeAfterMemories(turn.agentId(), journal.finishing(turn));
    }

    @Override
    public List<Event> pending(String agentId) {
        return journal.pending(agentId);
    }

    @Override
    public void recordTurn(TurnResult turn) {
        journal.recordTurn(turn);
    }

    @Override
    public List<TurnResult> turns(String agentId, int limit) {
        return journal.turns(agentId, limit);
    }

    @Override
    public Optional<EffectRecord> effect(String key) {
        return journal.effect(key);
    }

    @Override
    public void putEffect(EffectRecord record) {
        journal.putEffect(record);
    }

    @Override
    public List<EffectRecord> effectsSince(String agentId, Instant since) {
        return journal.effectsSince(agentId, since);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        if (journal.fenced()) {
            memory.flush(letter.agentId());
            journal.deadLetter(letter);
            return;
        }
        memory.writeAfterMemories(letter.agentId(), journal.deadLettering(letter));
    }

    @Override
    public List<DeadLetter> deadLetters(String agentId) {
        return journal.deadLetters(agentId);
    }

    @Override
    public long claim(String agentId) {
        if (epochs == null) {
            throw new IllegalStateException("claim(" + agentId + ") needs a store built with fencing(owner)");
        }
        return epochs.claim(agentId);
    }

    @Override
    public void release(String agentId) {
        if (epochs != null) {
            epochs.release(agentId);
        }
    }

    @Override
    public Optional<String> get(String key) {
        return cursors.get(key);
    }

    @Override
    public void put(String key, String cursor) {
        cursors.put(key, cursor);
    }

    @Override
    public void flush() {
        memory.flushAll();
        reflection.awaitIdle();
        memory.flushAll();
    }

    @Override
    public void close() {
        try {
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.warn("Closing {}: {}", db.description(), e.getMessage());
            }
            memory.close();
            memory.embedder().close();
            commits.close();
        } finally {
            db.close();
        }
    }

    @Override
    public String toString() {
        return "AgentryStore[" + db.description() + ", " + memory + "]";
    }
}
