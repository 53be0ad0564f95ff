package dev.agentry.memory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.TurnResult;
import dev.agentry.core.internal.Tokens;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.IngestListener;
import dev.agentry.memory.MemoryStoreException;
import dev.agentry.memory.RecallWeights;
import dev.agentry.memory.RetentionPolicy;
import dev.agentry.memory.ScoredMemory;
import dev.agentry.memory.TimeRange;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQLite and PostgreSQL implementation of {@link AgentryStore}. */
public final class JdbcStore implements AgentryStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    static final String COLUMNS = "id, agent_id, kind, conversation, author, text, importance, created_at, metadata";
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Db db;
    private final StoreConfig config;
    private final Embedder embedder;
    private final VectorBackend vectors;
    private final RecentCache recent;
    private final Reflector reflector;
    private final Map<String, AtomicInteger> reflectionCounters = new ConcurrentHashMap<>();

    private JdbcStore(Db db, StoreConfig config, Embedder embedder, VectorBackend vectors) {
        this.db = db;
        this.config = config;
        this.embedder = embedder;
        this.vectors = vectors;
        this.recent = config.cacheConversations == 0 ? null : new RecentCache(config.cacheConversations, config.cacheTokens);
        this.reflector = config.reflectionModel == null ? null : new Reflector(config.reflectionModel);
    }

    /** Opens a store. */
    public static AgentryStore open(StoreConfig config) {
        Db db = connect(config);
        try {
            db.migrate();
            var model = config.embeddingModel != null ? config.embeddingModel : new AllMiniLmL6V2EmbeddingModel();
            String name = config.embeddingModelName != null ? config.embeddingModelName : "all-minilm-l6-v2";
            Embedder embedder = new Embedder(model, name, 50_000);
            boolean reembed = checkModel(db, embedder, config.reembedIfModelChanged);
            VectorBackend vectors;
            if (config.embeddingStore != null) {
                vectors = new EmbeddingStoreBackend(config.embeddingStore);
            } else if (db.dialect() == Dialect.POSTGRES && config.pgvector && !reembed) {
                VectorBackend pg = PgVectorBackend.tryOpen(db, embedder.dimension(), embedder.name());
                vectors = pg != null ? pg : new InProcessBackend(db, embedder.dimension(), true);
            } else {
                vectors = new InProcessBackend(db, embedder.dimension(), db.dialect() == Dialect.POSTGRES);
            }
            JdbcStore store = new JdbcStore(db, config, embedder, vectors);
            if (reembed) {
                store.reembed(n -> {});
                if (db.dialect() == Dialect.POSTGRES && config.pgvector && config.embeddingStore == null) {
                    db.close();
                    return open(copyWithoutReembed(config));
                }
            }
            LOG.info("Opened memory store {} (schema v{}, model {}, {} dims, vectors: {})", db.description(), db.dialect().latestVersion(),
                    embedder.name(), embedder.dimension(), vectors.describe());
            return store;
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static StoreConfig copyWithoutReembed(StoreConfig c) {
        c.reembedIfModelChanged = false;
        return c;
    }

    private static Db connect(StoreConfig config) {
        try {
            if (config.sqliteFile != null) {
                Path file = config.sqliteFile;
                if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                    throw new MemoryStoreException("cannot open SQLite store " + file + ": folder " + file.getParent() + " does not exist");
                }
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    // FULL: the WAL is fsynced at every commit, so an acknowledged write survives kill -9 and power loss
                    s.execute("PRAGMA synchronous=FULL");
                    s.execute("PRAGMA busy_timeout=10000");
                    s.execute("PRAGMA foreign_keys=ON");
                }
                return new Db(c, Dialect.SQLITE, "SQLite store " + file);
            }
            Properties p = new Properties();
            p.setProperty("user", config.user);
            p.setProperty("password", config.password);
            p.setProperty("prepareThreshold", "0");
            Connection c = DriverManager.getConnection(config.jdbcUrl, p);
            return new Db(c, Dialect.POSTGRES, "PostgreSQL store " + config.jdbcUrl.split("\\?")[0]);
        } catch (SQLException e) {
            String where = config.sqliteFile != null ? "SQLite store " + config.sqliteFile : "PostgreSQL store " + config.jdbcUrl.split("\\?")[0];
            throw new MemoryStoreException("cannot open " + where + ": " + e.getMessage(), e);
        }
    }

    /** Returns whether a re-embedding is needed; fails on a model change unless allowed. */
    private static boolean checkModel(Db db, Embedder embedder, boolean reembedIfChanged) {
        Optional<String> model = db.meta("embedding.model");
        Optional<String> dim = db.meta("embedding.dimension");
        String wantDim = Integer.toString(embedder.dimension());
        if (model.isEmpty()) {
            db.tx("recording embedding model", c -> {
                Db.putMeta(c, "embedding.model", embedder.name());
                Db.putMeta(c, "embedding.dimension", wantDim);
                return null;
            });
            long embedded = db.run("counting vectors", c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM memories WHERE embedding IS NOT NULL")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            return embedded > 0;
        }
        if (model.get().equals(embedder.name()) && dim.orElse("").equals(wantDim)) {
            return false;
        }
        if (reembedIfChanged) {
            return true;
        }
        throw new MemoryStoreException(db.description() + " was embedded with model '" + model.get() + "' (" + dim.orElse("?")
                + " dimensions) but was opened with '" + embedder.name() + "' (" + wantDim + " dimensions): open it with"
                + " AgentryStore.builder()...reembedIfModelChanged() to re-embed every memory, or use the original model");
    }

    // ------------------------------------------------------------------ memory

    @Override
    public void remember(MemoryItem item) {
        rememberAll(List.of(item));
    }

    @Override
    public void rememberAll(List<MemoryItem> items) {
        if (items.isEmpty()) {
            return;
        }
        List<String> hashes = new ArrayList<>(items.size());
        for (MemoryItem i : items) {
            hashes.add(Embedder.hash(i.text()));
        }
        List<float[]> vecs = vectorsFor(items.stream().map(MemoryItem::text).toList(), hashes);
        List<VectorBackend.Row> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rows.add(new VectorBackend.Row(items.get(i), hashes.get(i), vecs.get(i)));
        }
        db.locked(() -> {
            db.tx("storing " + items.size() + " memories of agent " + items.get(0).agentId(), c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO memories(" + COLUMNS + ", text_hash, embedding)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET agent_id = excluded.agent_id,"
                        + " kind = excluded.kind, conversation = excluded.conversation, author = excluded.author, text = excluded.text,"
                        + " importance = excluded.importance, created_at = excluded.created_at, metadata = excluded.metadata,"
                        + " text_hash = excluded.text_hash, embedding = excluded.embedding")) {
                    for (VectorBackend.Row r : rows) {
                        MemoryItem i = r.item();
                        p.setString(1, i.id());
                        p.setString(2, i.agentId());
                        p.setString(3, i.kind().name());
                        p.setString(4, i.conversation().orElse(null));
                        p.setString(5, i.author());
                        p.setString(6, i.text());
                        p.setDouble(7, i.importance());
                        p.setLong(8, Times.toNanos(i.createdAt()));
                        p.setString(9, Codec.mapToJson(i.metadata()));
                        p.setString(10, r.hash());
                        p.setBytes(11, Embedder.toBytes(r.vector()));
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                vectors.write(c, rows);
                return null;
            });
            vectors.committed(rows);
            if (recent != null) {
                for (MemoryItem i : items) {
                    recent.added(i);
                }
            }
            return null;
        });
        if (reflector != null) {
            maybeReflect(items);
        }
    }

    private List<float[]> vectorsFor(List<String> texts, List<String> hashes) {
        for (String h : hashes) {
            if (embedder.cached(h) == null) {
                db.run("looking up a stored vector", c -> {
                    try (PreparedStatement p = c.prepareStatement("SELECT embedding FROM memories WHERE text_hash = ? AND embedding IS NOT NULL LIMIT 1")) {
                        p.setString(1, h);
                        try (ResultSet rs = p.executeQuery()) {
                            if (rs.next()) {
                                float[] v = Embedder.fromBytes(rs.getBytes(1));
                                if (v.length == embedder.dimension()) {
                                    embedder.cache(h, v);
                                }
                            }
                        }
                    }
                    return null;
                });
            }
        }
        return embedder.embedAll(texts);
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
            boolean complete = db.run("reading recent messages of agent " + agentId + " conversation " + conversation, c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM memories WHERE agent_id = ? AND conversation = ?"
                        + " AND kind IN ('MESSAGE', 'SUMMARY') ORDER BY created_at DESC, seq DESC")) {
                    p.setFetchSize(64);
                    p.setString(1, agentId);
                    p.setString(2, conversation);
                    try (ResultSet rs = p.executeQuery()) {
                        int tokens = 0;
                        while (rs.next()) {
                            MemoryItem item = item(rs);
                            newestFirst.add(item);
                            tokens += RecentCache.cost(item);
                            if (tokens > load) {
                                return false;
                            }
                        }
                        return true;
                    }
                }
            });
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

    @Override
    public List<ScoredMemory> search(RecallQuery query, TimeRange range) {
        if (query.limit() == 0) {
            return List.of();
        }
        float[] q = embedder.embed(query.text());
        return searchVector(query, range, q, config.weights);
    }

    /** Recall with a query vector already embedded (the benchmark measures both). */
    public List<ScoredMemory> searchVector(RecallQuery query, TimeRange range, float[] normalizedQuery, RecallWeights w) {
        int kindMask = -1;
        if (!query.kinds().isEmpty()) {
            kindMask = 0;
            for (MemoryItem.Kind k : query.kinds()) {
                kindMask |= 1 << k.ordinal();
            }
        }
        int limit = query.limit();
        var s = new VectorIndex.Search(normalizedQuery, kindMask, query.conversation().orElse(null),
                range.from().map(Times::toNanos).orElse(Long.MIN_VALUE), range.to().map(Times::toNanos).orElse(Long.MAX_VALUE),
                w.relevance(), w.recency(), w.importance(), w.decayPerHour(), Times.toNanos(Instant.now()), limit);
        List<VectorIndex.Hit> hits = vectors.search(query.agentId(), s);
        Map<String, MemoryItem> items = fetch(hits.stream().map(VectorIndex.Hit::id).toList());
        List<ScoredMemory> out = new ArrayList<>();
        int tokens = 0;
        for (VectorIndex.Hit h : hits) {
            MemoryItem item = items.get(h.id());
            if (item == null || out.size() == query.limit()) {
                continue;
            }
            int t = Tokens.estimate(item.text());
            if (query.tokenBudget() > 0 && tokens + t > query.tokenBudget()) {
                break; // a best-first prefix, as core's InMemoryMemory does
            }
            tokens += t;
            out.add(new ScoredMemory(item, h.score(), h.relevance()));
        }
        return out;
    }

    /** The in-process index, for the benchmark; empty for other backends. */
    public Optional<VectorIndex> index() {
        return Optional.ofNullable(vectors.index());
    }

    /** The embedder. */
    public Embedder embedder() {
        return embedder;
    }

    Map<String, MemoryItem> fetch(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return db.run("reading memories", c -> {
            Map<String, MemoryItem> out = new HashMap<>();
            String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM memories WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    p.setString(i + 1, ids.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        MemoryItem item = item(rs);
                        out.put(item.id(), item);
                    }
                }
            }
            return out;
        });
    }

    static MemoryItem item(ResultSet rs) throws SQLException {
        return new MemoryItem(rs.getString(1), rs.getString(2), MemoryItem.Kind.valueOf(rs.getString(3)), Optional.ofNullable(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getDouble(7), Times.fromNanos(rs.getLong(8)), Codec.mapFromJson(rs.getString(9)));
    }

    /** Items matching a WHERE clause, ordered. */
    List<MemoryItem> query(String what, String whereAndOrder, Object... params) {
        return db.run(what, c -> {
            List<MemoryItem> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM memories WHERE " + whereAndOrder)) {
                bind(p, params);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(item(rs));
                    }
                }
            }
            return out;
        });
    }

    private static void bind(PreparedStatement p, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object o = params[i];
            if (o instanceof Long l) {
                p.setLong(i + 1, l);
            } else if (o instanceof Integer n) {
                p.setInt(i + 1, n);
            } else {
                p.setString(i + 1, (String) o);
            }
        }
    }

    @Override
    public Optional<MemoryItem> memory(String id) {
        return Optional.ofNullable(fetch(List.of(id)).get(id));
    }

    @Override
    public boolean forget(String id) {
        Optional<MemoryItem> item = memory(id);
        item.ifPresent(i -> delete(i.agentId(), List.of(id)));
        return item.isPresent();
    }

    /** Deletes memories of one agent and drops them from the index and the short-term cache. */
    void delete(String agentId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.locked(() -> {
            db.tx("deleting " + ids.size() + " memories of agent " + agentId, c -> {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM memories WHERE id = ? AND agent_id = ?")) {
                    for (String id : ids) {
                        p.setString(1, id);
                        p.setString(2, agentId);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                return null;
            });
            vectors.deleted(agentId, ids);
            if (recent != null) {
                recent.invalidateAgent(agentId);
            }
            return null;
        });
    }

    @Override
    public long count(String agentId) {
        return db.run("counting memories of agent " + agentId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM memories WHERE agent_id = ?")) {
                p.setString(1, agentId);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    // ------------------------------------------------------------------ near duplicates

    static String normalizePost(String text) {
        String t = URL.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        return NON_WORD.matcher(t).replaceAll(" ").trim();
    }

    @Override
    public Optional<ScoredMemory> nearestPost(String agentId, String text) {
        long since = Times.toNanos(Instant.now().minus(config.duplicateWindow));
        String normalized = normalizePost(text);
        for (MemoryItem post : query("reading recent posts of agent " + agentId,
                "agent_id = ? AND kind = 'POST' AND created_at >= ? ORDER BY created_at DESC", agentId, since)) {
            if (normalizePost(post.text()).equals(normalized)) {
                return Optional.of(new ScoredMemory(post, 1.0, 1.0));
            }
        }
        RecallWeights relevance = RecallWeights.relevanceOnly();
        RecallQuery q = new RecallQuery(agentId, text, 1, java.util.Set.of(MemoryItem.Kind.POST), Optional.empty(), 0);
        List<ScoredMemory> hits = searchVector(q, TimeRange.since(Times.fromNanos(since)), embedder.embed(text), relevance);
        return hits.stream().findFirst();
    }

    @Override
    public boolean isNearDuplicate(String agentId, String text) {
        return nearestPost(agentId, text).filter(s -> s.relevance() >= config.duplicateThreshold - 1e-6).isPresent();
    }

    // ------------------------------------------------------------------ knowledge, retention, chat memory, reembed, reflection

    @Override
    public IngestListener.Report ingest(String agentId, Path folder, IngestListener listener) {
        return new KnowledgeIngestor(this, db).ingest(agentId, folder, listener);
    }

    @Override
    public RetentionPolicy.Report applyRetention(String agentId, RetentionPolicy policy) {
        return new Retention(this, db, config.summarizer).apply(agentId, policy);
    }

    /** Drops the short-term window of a conversation (after a compaction). */
    void invalidate(String agentId) {
        if (recent != null) {
            db.locked(() -> {
                recent.invalidateAgent(agentId);
                return null;
            });
        }
    }

    @Override
    public ChatMemoryStore chatMemoryStore(String agentId) {
        return new ChatMemoryAdapter(this, agentId);
    }

    @Override
    public int reembed(IntConsumer progress) {
        List<String[]> all = db.run("listing memories to re-embed", c -> {
            List<String[]> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, text FROM memories ORDER BY seq")) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return out;
        });
        db.locked(() -> {
            db.tx("clearing vectors", c -> {
                vectors.reset(c);
                return null;
            });
            return null;
        });
        int done = 0;
        for (int from = 0; from < all.size(); from += 256) {
            List<String[]> batch = all.subList(from, Math.min(all.size(), from + 256));
            List<float[]> vs = embedder.embedAll(batch.stream().map(b -> b[1]).toList());
            Map<String, MemoryItem> items = fetch(batch.stream().map(b -> b[0]).toList());
            List<VectorBackend.Row> rows = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                MemoryItem item = items.get(batch.get(i)[0]);
                if (item != null) {
                    rows.add(new VectorBackend.Row(item, Embedder.hash(item.text()), vs.get(i)));
                }
            }
            db.locked(() -> {
                db.tx("storing re-embedded vectors", c -> {
                    try (PreparedStatement p = c.prepareStatement("UPDATE memories SET embedding = ? WHERE id = ?")) {
                        for (VectorBackend.Row r : rows) {
                            p.setBytes(1, Embedder.toBytes(r.vector()));
                            p.setString(2, r.item().id());
                            p.addBatch();
                        }
                        p.executeBatch();
                    }
                    vectors.write(c, rows);
                    return null;
                });
                vectors.committed(rows);
                return null;
            });
            done += rows.size();
            progress.accept(done);
        }
        db.tx("recording embedding model", c -> {
            Db.putMeta(c, "embedding.model", embedder.name());
            Db.putMeta(c, "embedding.dimension", Integer.toString(embedder.dimension()));
            return null;
        });
        LOG.info("Re-embedded {} memories of {} with {}", done, db.description(), embedder.name());
        return done;
    }

    private void maybeReflect(List<MemoryItem> items) {
        for (MemoryItem i : items) {
            if (i.kind() != MemoryItem.Kind.MESSAGE || i.conversation().isEmpty()) {
                continue;
            }
            String conv = i.conversation().get();
            AtomicInteger n = reflectionCounters.computeIfAbsent(i.agentId() + "\u0000" + conv, k -> new AtomicInteger());
            if (n.incrementAndGet() >= config.reflectionEvery) {
                n.set(0);
                try {
                    reflect(i.agentId(), conv);
                } catch (RuntimeException e) {
                    LOG.warn("Reflection failed for agent {} conversation {}: {}", i.agentId(), conv, e.toString());
                }
            }
        }
    }

    @Override
    public List<MemoryItem> reflect(String agentId, String conversation) {
        if (reflector == null) {
            return List.of();
        }
        List<MemoryItem> messages = recent(agentId, conversation, 3000).stream().filter(m -> m.kind() == MemoryItem.Kind.MESSAGE).toList();
        List<MemoryItem> facts = new ArrayList<>();
        for (MemoryItem f : reflector.facts(agentId, conversation, messages)) {
            boolean known = !query("checking known facts", "agent_id = ? AND kind = 'FACT' AND text_hash = ?", agentId, Embedder.hash(f.text()))
                    .isEmpty();
            if (!known) {
                facts.add(f);
            }
        }
        rememberAll(facts);
        return facts;
    }

    // ------------------------------------------------------------------ journal

    @Override
    public boolean accept(String agentId, Event event) {
        return db.run("accepting event " + event.id() + " for agent " + agentId, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO inbox(agent_id, event_id, event, accepted_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT(agent_id, event_id) DO NOTHING")) {
                p.setString(1, agentId);
                p.setString(2, event.id());
                p.setString(3, Codec.eventToJson(event));
                p.setLong(4, Times.toNanos(Instant.now()));
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void complete(String agentId, String eventId) {
        db.run("completing event " + eventId + " for agent " + agentId, c -> {
            complete(c, agentId, eventId);
            return null;
        });
    }

    private static void complete(Connection c, String agentId, String eventId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE inbox SET completed_at = ? WHERE agent_id = ? AND event_id = ? AND completed_at IS NULL")) {
            p.setLong(1, Times.toNanos(Instant.now()));
            p.setString(2, agentId);
            p.setString(3, eventId);
            p.executeUpdate();
        }
    }

    @Override
    public List<Event> pending(String agentId) {
        return strings("reading pending events of agent " + agentId,
                "SELECT event FROM inbox WHERE agent_id = ? AND completed_at IS NULL ORDER BY seq", agentId).stream()
                .map(Codec::eventFromJson).toList();
    }

    @Override
    public void recordTurn(TurnResult turn) {
        db.run("recording a turn of agent " + turn.agentId(), c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO turns(agent_id, event_id, turn, started_at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, turn.agentId());
                p.setString(2, turn.event().id());
                p.setString(3, Codec.turnToJson(turn));
                p.setLong(4, Times.toNanos(turn.startedAt()));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<TurnResult> turns(String agentId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return strings("reading turns of agent " + agentId, "SELECT turn FROM turns WHERE agent_id = ? ORDER BY seq DESC LIMIT ?", agentId, limit)
                .stream().map(Codec::turnFromJson).toList();
    }

    @Override
    public Optional<EffectRecord> effect(String key) {
        List<EffectRecord> r = effects("reading effect " + key, "key = ?", key);
        return r.stream().findFirst();
    }

    @Override
    public void putEffect(EffectRecord r) {
        db.run("writing effect " + r.key(), c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO effects(key, agent_id, event_id, tool, status, details, spends, result, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET agent_id = excluded.agent_id, event_id = excluded.event_id,"
                    + " tool = excluded.tool, status = excluded.status, details = excluded.details, spends = excluded.spends, result = excluded.result,"
                    + " updated_at = excluded.updated_at")) {
                p.setString(1, r.key());
                p.setString(2, r.agentId());
                p.setString(3, r.eventId());
                p.setString(4, r.tool());
                p.setString(5, r.status().name());
                p.setString(6, Codec.mapToJson(r.details()));
                p.setString(7, Codec.spendsToJson(r.spends()));
                p.setString(8, r.result().orElse(null));
                p.setLong(9, Times.toNanos(r.updatedAt()));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<EffectRecord> effectsSince(String agentId, Instant since) {
        return effects("reading effects of agent " + agentId, "agent_id = ? AND updated_at >= ? ORDER BY updated_at, key", agentId,
                Times.toNanos(since));
    }

    private List<EffectRecord> effects(String what, String where, Object... params) {
        return db.run(what, c -> {
            List<EffectRecord> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT key, agent_id, event_id, tool, status, details, spends, result, updated_at FROM effects WHERE "
                    + where)) {
                bind(p, params);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(Codec.effect(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getLong(9)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        db.tx("dead-lettering event " + letter.event().id() + " of agent " + letter.agentId(), c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO dead_letters(agent_id, letter) VALUES (?, ?)")) {
                p.setString(1, letter.agentId());
                p.setString(2, Codec.deadLetterToJson(letter));
                p.executeUpdate();
            }
            complete(c, letter.agentId(), letter.event().id());
            return null;
        });
    }

    @Override
    public List<DeadLetter> deadLetters(String agentId) {
        return strings("reading dead letters of agent " + agentId, "SELECT letter FROM dead_letters WHERE agent_id = ? ORDER BY seq", agentId)
                .stream().map(Codec::deadLetterFromJson).toList();
    }

    private List<String> strings(String what, String sql, Object... params) {
        return db.run(what, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                bind(p, params);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ cursors

    @Override
    public Optional<String> get(String key) {
        List<String> v = strings("reading cursor " + key, "SELECT value FROM cursors WHERE key = ?", key);
        return v.stream().findFirst();
    }

    @Override
    public void put(String key, String cursor) {
        java.util.Objects.requireNonNull(cursor, "cursor");
        db.run("writing cursor " + key, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cursors(key, value, updated_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")) {
                p.setString(1, key);
                p.setString(2, cursor);
                p.setLong(3, Times.toNanos(Instant.now()));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "AgentryStore[" + db.description() + ", " + embedder.name() + ", " + vectors.describe() + "]";
    }
}
