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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The memory store: memories with their embeddings in the shared database, the vector backend that
 * searches them, and the write-through cache of recent conversation windows. Writes are queued and
 * stored in the background by a {@link MemoryWriter} (embedded in batches, committed in groups);
 * every read of an agent's memories first waits for that agent's queued writes ({@link #flush}), so
 * readers see their own writes. Thread-safe.
 */
public final class JdbcMemory implements Memory, AutoCloseable {
    private static final int QUEUED_ITEMS = 8_192;
    private final Db db;
    private final MemoryTable table;
    private final Embedder embedder;
    private final VectorBackend vectors;
    private final GroupCommit commits;
    private final Recall recall;
    private final RecentCache recent;
    private final MemoryWriter writer;
    private final String writing;
    private volatile Consumer<List<MemoryItem>> afterWrite = items -> {};

    JdbcMemory(Db db, Embedder embedder, VectorBackend vectors, GroupCommit commits, StoreConfig config) {
        this.db = db;
        this.table = new MemoryTable(db);
        this.embedder = embedder;
        this.vectors = vectors;
        this.commits = commits;
        this.recall = new Recall(table, embedder, vectors, new KeywordSearch(db), config.weights);
        this.recent = config.cacheConversations == 0 ? null : new RecentCache(config.cacheConversations, config.cacheTokens);
        this.writer = new MemoryWriter(new MemoryWriter.Sink() {
            @Override
            public List<VectorBackend.Row> store(List<MemoryItem> items, List<Db.Work<?>> journal) {
                return JdbcMemory.this.store(items, journal);
            }

            @Override
            public void fill(List<VectorBackend.Row> rows) {
                JdbcMemory.this.fill(rows);
            }
        }, items -> afterWrite.accept(items), QUEUED_ITEMS);
        this.writing = "storing memories and their journal writes on " + db.description();
    }

    /** Sets what runs after each committed write, on the writer thread; it must not block (reflection). Set once, at open. */
    void afterWrite(Consumer<List<MemoryItem>> listener) {
        this.afterWrite = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void remember(MemoryItem item) {
        rememberAll(List.of(item));
    }

    /** Queues the items; they are embedded and committed in the background, in order. */
    @Override
    public void rememberAll(List<MemoryItem> items) {
        if (!items.isEmpty()) {
            writer.enqueue(items);
        }
    }

    /** Waits until the agent's queued memories are committed; throws if one of its writes failed since the last flush. */
    public void flush(String agentId) {
        writer.flush(agentId);
    }

    /**
     * Commits a journal write of an agent behind the memories it queued (in their transaction or a later one).
     *
     * @throws dev.agentry.memory.MemoryStoreException if it, or one of those memories, could not be stored
     */
    void writeAfterMemories(String agentId, Db.Work<?> journal) {
        writer.write(agentId, journal);
    }

    /** Waits until every queued memory is committed; throws the first write failure not reported yet. */
    public void flushAll() {
        writer.flushAll();
    }

    /**
     * Stores items, then runs journal writes, in one group transaction (the writer's sink). Items
     * get the vectors already known (cached, or stored with the same text); the others are embedded
     * now when the model is fast or the vector backend cannot take vectors later, else stored
     * without a vector and returned, for {@link #fill} to embed off the journal's path. Must not
     * hold the store lock.
     */
    List<VectorBackend.Row> store(List<MemoryItem> items, List<Db.Work<?>> journal) {
        if (items.isEmpty() && journal.isEmpty()) {
            return List.of();
        }
        List<VectorBackend.Row> rows = items.isEmpty() ? List.of() : rows(items, vectors.acceptsLateVectors() && !embedder.fast());
        List<Object[]> params = MemoryTable.upsertParams(rows);
        List<VectorBackend.Row> stored = commits.run(writing, c -> {
            List<VectorBackend.Row> s = rows.isEmpty() ? List.<VectorBackend.Row>of() : MemoryTable.upsert(c, rows, params);
            vectors.write(c, withVectors(s, true));
            for (Db.Work<?> w : journal) {
                w.run(c);
            }
            return s;
        }, s -> {
            vectors.committed(withVectors(s, true));
            if (recent != null) {
                items.forEach(recent::added);
            }
        });
        return withVectors(stored, false);
    }

    /** Embeds rows stored without vectors and stores the vectors of those whose text is still the same. */
    void fill(List<VectorBackend.Row> rows) {
        List<float[]> vs = embedder.embedAll(rows.stream().map(r -> r.item().text()).toList());
        List<VectorBackend.Row> embedded = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            VectorBackend.Row r = rows.get(i);
            embedded.add(new VectorBackend.Row(r.item(), r.hash(), vs.get(i), r.seq()));
        }
        commits.run("storing the vectors of " + rows.size() + " memories", c -> {
            List<VectorBackend.Row> kept = MemoryTable.fillVectors(c, embedded);
            vectors.write(c, kept);
            return kept;
        }, vectors::committed);
    }

    /** Stored rows that have no vector (a crash came between a memory's commit and its vector's): queued to be embedded. */
    void refillMissingVectors() {
        writer.refill(table.withoutVectors());
    }

    private static List<VectorBackend.Row> withVectors(List<VectorBackend.Row> rows, boolean with) {
        return rows.stream().filter(r -> (r.vector() != null) == with).toList();
    }

    private List<VectorBackend.Row> rows(List<MemoryItem> items, boolean embedLater) {
        List<String> hashes = items.stream().map(i -> Embedder.hash(i.text())).toList();
        Set<String> uncached = new HashSet<>();
        for (String h : hashes) {
            if (embedder.cached(h) == null) {
                uncached.add(h);
            }
        }
        if (!uncached.isEmpty()) {
            for (Map.Entry<String, float[]> e : table.storedVectors(uncached).entrySet()) {
                if (e.getValue().length == embedder.dimension()) {
                    embedder.cache(e.getKey(), e.getValue());
                }
            }
        }
        List<float[]> vecs = embedLater ? hashes.stream().map(embedder::cached).toList()
                : embedder.embedAll(items.stream().map(MemoryItem::text).toList());
        List<VectorBackend.Row> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rows.add(new VectorBackend.Row(items.get(i), hashes.get(i), vecs.get(i), 0));
        }
        return rows;
    }

    @Override
    public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("tokenBudget must not be negative, was " + tokenBudget);
        }
        if (tokenBudget == 0) {
            return List.of();
        }
        flush(agentId);
        long version = 0;
        if (recent != null) {
            Optional<List<MemoryItem>> hit = recent.serve(agentId, conversation, tokenBudget);
            if (hit.isPresent()) {
                return hit.get();
            }
            version = recent.version(agentId, conversation);
        }
        int load = recent == null ? tokenBudget : Math.max(tokenBudget, recent.tokenCap());
        List<MemoryItem> newestFirst = new ArrayList<>();
        boolean complete = table.newestMessages(agentId, conversation, load, newestFirst);
        List<MemoryItem> oldestFirst = new ArrayList<>(newestFirst.reversed());
        if (recent != null) {
            recent.put(agentId, conversation, oldestFirst, complete, version);
        }
        return RecentCache.tail(oldestFirst, tokenBudget);
    }

    @Override
    public List<MemoryItem> recall(RecallQuery query) {
        return search(query, TimeRange.all()).stream().map(ScoredMemory::item).toList();
    }

    /** Embeds the text in the background ({@link Embedder#prefetch}). */
    @Override
    public void prefetch(String agentId, String text) {
        if (!text.isBlank()) {
            embedder.prefetch(text);
        }
    }

    /** Hybrid recall with scores, limited to a creation-time range. */
    public List<ScoredMemory> search(RecallQuery query, TimeRange range) {
        flush(query.agentId());
        return recall.search(query, range);
    }

    @Override
    public Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
        flush(agentId);
        return recall.mostSimilar(agentId, text, kinds, since);
    }

    /** The read side (the benchmark measures recall with a query vector already embedded). */
    public Recall recallEngine() {
        return recall;
    }

    /** A memory by id. */
    public Optional<MemoryItem> memory(String id) {
        flushAll();
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
        flush(agentId);
        return table.count(agentId);
    }

    /** Deletes memories of one agent (after its queued writes) and drops them from the vectors and the recent windows. */
    void delete(String agentId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        flush(agentId);
        db.locked(() -> {
            List<VectorBackend.Key> deleted = db.tx("deleting " + ids.size() + " memories of agent " + agentId,
                    c -> MemoryTable.delete(c, agentId, ids));
            vectors.deleted(agentId, deleted);
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

    /** Stores everything queued, then stops the writer. */
    @Override
    public void close() {
        writer.close();
    }

    @Override
    public String toString() {
        return embedder.name() + ", " + vectors.describe();
    }
}
