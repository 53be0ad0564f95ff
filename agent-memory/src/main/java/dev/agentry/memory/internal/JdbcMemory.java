package dev.agentry.memory.internal;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.memory.ScoredMemory;
import dev.agentry.memory.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The memory store: memories with their embeddings in the shared database, the vector backend that
 * searches them, and the write-through cache of recent conversation windows. Every write is
 * committed when its method returns. Thread-safe: writes and window reads hold the database lock.
 */
public final class JdbcMemory implements Memory {
    private final Db db;
    private final MemoryTable table;
    private final Embedder embedder;
    private final VectorBackend vectors;
    private final Recall recall;
    private final RecentCache recent;
    private volatile Consumer<List<MemoryItem>> afterWrite = items -> {};

    JdbcMemory(Db db, Embedder embedder, VectorBackend vectors, StoreConfig config) {
        this.db = db;
        this.table = new MemoryTable(db);
        this.embedder = embedder;
        this.vectors = vectors;
        this.recall = new Recall(table, embedder, vectors, config.weights);
        this.recent = config.cacheConversations == 0 ? null : new RecentCache(config.cacheConversations, config.cacheTokens);
    }

    /** Sets what runs after each committed write, in the writing thread (reflection). Set once, at open. */
    void afterWrite(Consumer<List<MemoryItem>> listener) {
        this.afterWrite = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void remember(MemoryItem item) {
        rememberAll(List.of(item));
    }

    @Override
    public void rememberAll(List<MemoryItem> items) {
        if (items.isEmpty()) {
            return;
        }
        List<String> hashes = items.stream().map(i -> Embedder.hash(i.text())).toList();
        for (String h : hashes) {
            if (embedder.cached(h) == null) {
                table.storedVector(h).filter(v -> v.length == embedder.dimension()).ifPresent(v -> embedder.cache(h, v));
            }
        }
        List<float[]> vecs = embedder.embedAll(items.stream().map(MemoryItem::text).toList());
        List<VectorBackend.Row> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rows.add(new VectorBackend.Row(items.get(i), hashes.get(i), vecs.get(i)));
        }
        db.locked(() -> {
            db.tx("storing " + items.size() + " memories of agent " + items.get(0).agentId(), c -> {
                MemoryTable.upsert(c, rows);
                vectors.write(c, rows);
                return null;
            });
            vectors.committed(rows);
            if (recent != null) {
                items.forEach(recent::added);
            }
        });
        afterWrite.accept(items);
    }

    @Override
    public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("tokenBudget must not be negative, was " + tokenBudget);
        }
        if (tokenBudget == 0) {
            return List.of();
        }
        return db.locked(() -> {
            if (recent != null) {
                Optional<List<MemoryItem>> hit = recent.serve(agentId, conversation, tokenBudget);
                if (hit.isPresent()) {
                    return hit.get();
                }
            }
            int load = recent == null ? tokenBudget : Math.max(tokenBudget, recent.tokenCap());
            List<MemoryItem> newestFirst = new ArrayList<>();
            boolean complete = table.newestMessages(agentId, conversation, load, newestFirst);
            List<MemoryItem> oldestFirst = new ArrayList<>(newestFirst.reversed());
            if (recent != null) {
                recent.put(agentId, conversation, oldestFirst, complete);
            }
            return RecentCache.tail(oldestFirst, tokenBudget);
        });
    }

    @Override
    public List<MemoryItem> recall(RecallQuery query) {
        return search(query, TimeRange.all()).stream().map(ScoredMemory::item).toList();
    }

    /** Recall with scores, limited to a creation-time range. */
    public List<ScoredMemory> search(RecallQuery query, TimeRange range) {
        return recall.search(query, range);
    }

    @Override
    public Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
        return recall.mostSimilar(agentId, text, kinds, since);
    }

    /** The read side by meaning (the benchmark measures recall with a query vector already embedded). */
    public Recall recallEngine() {
        return recall;
    }

    /** A memory by id. */
    public Optional<MemoryItem> memory(String id) {
        return Optional.ofNullable(table.fetch(List.of(id)).get(id));
    }

    /** Deletes a memory; returns whether it existed. */
    public boolean forget(String id) {
        Optional<MemoryItem> item = memory(id);
        item.ifPresent(i -> delete(i.agentId(), List.of(id)));
        return item.isPresent();
    }

    /** Counts an agent's memories. */
    public long count(String agentId) {
        return table.count(agentId);
    }

    /** Deletes memories of one agent and drops them from the vectors and the recent windows. */
    void delete(String agentId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.locked(() -> {
            db.tx("deleting " + ids.size() + " memories of agent " + agentId, c -> {
                MemoryTable.delete(c, agentId, ids);
                return null;
            });
            vectors.deleted(agentId, ids);
            if (recent != null) {
                recent.invalidateAgent(agentId);
            }
        });
    }

    /** The rows of the memories table. */
    MemoryTable table() {
        return table;
    }

    /** The embedder. */
    public Embedder embedder() {
        return embedder;
    }

    /** Where the vectors are searched. */
    VectorBackend vectors() {
        return vectors;
    }

    @Override
    public String toString() {
        return embedder.name() + ", " + vectors.describe();
    }
}
