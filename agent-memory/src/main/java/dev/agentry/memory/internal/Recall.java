package dev.agentry.memory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.core.TokenCounter;
import dev.agentry.memory.RecallWeights;
import dev.agentry.memory.ScoredMemory;
import dev.agentry.memory.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Reading memories by meaning and by words: hybrid recall and the most similar item to a text.
 * A recall takes the vector backend's candidates and the keyword search's, reads them once from
 * the database with their float32 vectors, scores each exactly (the blended score of
 * {@link RecallWeights}) and fuses the two rankings ({@link HybridRanking}). The keyword search needs
 * no vector: it runs while the query is embedded. Thread-safe.
 */
public final class Recall {
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final TokenCounter TOKENS = TokenCounter.standard();

    private final MemoryTable table;
    private final Embedder embedder;
    private final VectorBackend vectors;
    private final KeywordSearch keywords;
    private final RecallWeights weights;
    private volatile HybridRanking ranking = HybridRanking.DEFAULT;
    /** Token counts of recalled texts (the same memories come back often). */
    private final Cache<String, Integer> tokenCounts = Caffeine.newBuilder().maximumSize(10_000).build();

    Recall(MemoryTable table, Embedder embedder, VectorBackend vectors, KeywordSearch keywords, RecallWeights weights) {
        this.table = table;
        this.embedder = embedder;
        this.vectors = vectors;
        this.keywords = keywords;
        this.weights = weights;
    }

    /** Sets how the vector and keyword rankings are fused (the benchmark and the recall set compare them). */
    public void ranking(HybridRanking r) {
        this.ranking = r;
    }

    /** Hybrid recall with the configured weights, the query embedded here while the keyword search runs. */
    List<ScoredMemory> search(RecallQuery query, TimeRange range) {
        if (query.limit() == 0) {
            return List.of();
        }
        CompletableFuture<float[]> vector = embedder.embedSoon(query.text());
        List<KeywordSearch.Match> byWords = keywords.search(query.agentId(), query.text(), search(query, range, null, weights), narrow(query));
        return rank(query, search(query, range, embedder.await(query.text(), vector), weights), byWords, ranking);
    }

    /** Recall with a query vector already embedded and normalised; {@code hybrid} adds the keyword search. */
    public List<ScoredMemory> searchVector(RecallQuery query, TimeRange range, float[] normalizedQuery, RecallWeights w, boolean hybrid) {
        if (query.limit() == 0) {
            return List.of();
        }
        VectorIndex.Search s = search(query, range, normalizedQuery, w);
        List<KeywordSearch.Match> byWords = hybrid ? keywords.search(query.agentId(), query.text(), s, narrow(query)) : List.of();
        return rank(query, s, byWords, hybrid ? ranking : HybridRanking.VECTOR);
    }

    /** How many candidates each half of the search brings. */
    private static int narrow(RecallQuery query) {
        return Math.max(3 * query.limit(), 16);
    }

    /** The vector half's candidates fused with the keyword half's, best first, cut to the query's limit and token budget. */
    private List<ScoredMemory> rank(RecallQuery query, VectorIndex.Search s, List<KeywordSearch.Match> byWords, HybridRanking fusion) {
        List<VectorBackend.Key> byVector = vectors.candidates(query.agentId(), s, narrow(query));
        List<HybridRanking.Candidate> candidates = candidates(byVector, byWords, s);
        List<ScoredMemory> out = new ArrayList<>();
        int tokens = 0;
        for (HybridRanking.Candidate c : fusion.rank(candidates)) {
            if (out.size() == query.limit()) {
                break;
            }
            int t = query.tokenBudget() > 0 ? tokenCounts.get(c.memory().text(), TOKENS::count) : 0;
            if (query.tokenBudget() > 0 && tokens + t > query.tokenBudget()) {
                break; // a best-first prefix, as core's InMemoryMemory does
            }
            tokens += t;
            out.add(new ScoredMemory(c.memory().item(), c.score(), c.relevance()));
        }
        return out;
    }

    /** The search's filters and weights; {@code q}, the normalised query vector, is null for the keyword half, which needs only the filters. */
    private static VectorIndex.Search search(RecallQuery query, TimeRange range, float[] q, RecallWeights w) {
        int kindMask = -1;
        if (!query.kinds().isEmpty()) {
            kindMask = 0;
            for (MemoryItem.Kind k : query.kinds()) {
                kindMask |= 1 << k.ordinal();
            }
        }
        return new VectorIndex.Search(q, kindMask, query.conversation().orElse(null),
                range.from().map(Times::clampedNanos).orElse(Long.MIN_VALUE), range.to().map(Times::clampedNanos).orElse(Long.MAX_VALUE),
                w.relevance(), w.recency(), w.importance(), w.decayPerHour(), Times.toNanos(Instant.now()), query.limit());
    }

    /** Reads the candidates of both searches once, scoring each exactly with its float32 vector. */
    private List<HybridRanking.Candidate> candidates(List<VectorBackend.Key> byVector, List<KeywordSearch.Match> byWords, VectorIndex.Search s) {
        Map<Long, Integer> wordRank = new HashMap<>();
        for (int i = 0; i < byWords.size(); i++) {
            wordRank.putIfAbsent(byWords.get(i).seq(), i);
        }
        List<Long> seqs = new ArrayList<>(wordRank.keySet());
        List<String> ids = new ArrayList<>();
        for (VectorBackend.Key k : byVector) {
            if (k.id() != null) {
                ids.add(k.id());
            } else if (!wordRank.containsKey(k.seq())) {
                seqs.add(k.seq());
            }
        }
        double k = s.decayPerNano();
        Map<Long, HybridRanking.Candidate> bySeq = new LinkedHashMap<>();
        for (MemoryTable.Stored st : table.stored(seqs, ids)) {
            double cos = st.vector() != null && st.vector().length == s.query().length ? Embedder.dot(st.vector(), s.query()) : 0;
            double score = s.score(cos, st.createdNanos(), st.importance(), k);
            int rank = wordRank.getOrDefault(st.seq(), -1);
            bySeq.putIfAbsent(st.seq(), new HybridRanking.Candidate(st, score, cos, rank, rank < 0 ? 0 : byWords.get(rank).strength()));
        }
        return List.copyOf(bySeq.values());
    }

    /**
     * The newest item whose text equals the given one after {@link #normalize} scores 1; otherwise the
     * item with the highest cosine similarity (clamped to [0, 1]). The exact comparison reads the texts
     * of the items of those kinds since {@code since}: keep the window narrow on large stores.
     */
    Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
        long sinceNanos = Times.clampedNanos(since);
        String normalized = normalize(text);
        if (!normalized.isEmpty()) {
            Optional<MemoryItem> same = table.newestMatching(agentId, kinds, sinceNanos, t -> normalize(t).equals(normalized));
            if (same.isPresent()) {
                return Optional.of(new SimilarMemory(same.get(), 1.0));
            }
        }
        RecallQuery query = new RecallQuery(agentId, text, 1, kinds, Optional.empty(), 0);
        List<ScoredMemory> hits = searchVector(query, TimeRange.since(Times.fromNanos(sinceNanos)), embedder.embed(text),
                RecallWeights.relevanceOnly(), false);
        return hits.stream().findFirst().map(h -> new SimilarMemory(h.item(), Math.max(0, Math.min(1, h.relevance()))));
    }

    /** A text compared for exact repeats: lower case, links removed, runs of anything but letters and digits as one space. */
    static String normalize(String text) {
        String t = URL.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        return NON_WORD.matcher(t).replaceAll(" ").trim();
    }

    /** The in-process index, if the vectors are searched in process (for the benchmark). */
    public Optional<VectorIndex> index() {
        return Optional.ofNullable(vectors.index());
    }
}
