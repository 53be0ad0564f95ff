package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.core.TokenCounter;
import dev.agentry.memory.RecallWeights;
import dev.agentry.memory.ScoredMemory;
import dev.agentry.memory.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading memories by meaning: blended recall and the most similar item to a text. Thread-safe. */
public final class Recall {
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final TokenCounter TOKENS = TokenCounter.standard();

    private final MemoryTable table;
    private final Embedder embedder;
    private final VectorBackend vectors;
    private final RecallWeights weights;

    Recall(MemoryTable table, Embedder embedder, VectorBackend vectors, RecallWeights weights) {
        this.table = table;
        this.embedder = embedder;
        this.vectors = vectors;
        this.weights = weights;
    }

    /** Recall with the configured weights, the query embedded here. */
    List<ScoredMemory> search(RecallQuery query, TimeRange range) {
        if (query.limit() == 0) {
            return List.of();
        }
        return searchVector(query, range, embedder.embed(query.text()), weights);
    }

    /** Recall with a query vector already embedded and normalised. */
    public List<ScoredMemory> searchVector(RecallQuery query, TimeRange range, float[] normalizedQuery, RecallWeights w) {
        int kindMask = -1;
        if (!query.kinds().isEmpty()) {
            kindMask = 0;
            for (MemoryItem.Kind k : query.kinds()) {
                kindMask |= 1 << k.ordinal();
            }
        }
        var s = new VectorIndex.Search(normalizedQuery, kindMask, query.conversation().orElse(null),
                range.from().map(Times::clampedNanos).orElse(Long.MIN_VALUE), range.to().map(Times::clampedNanos).orElse(Long.MAX_VALUE),
                w.relevance(), w.recency(), w.importance(), w.decayPerHour(), Times.toNanos(Instant.now()), query.limit());
        List<VectorIndex.Hit> hits = vectors.search(query.agentId(), s);
        Map<String, MemoryItem> items = table.fetch(hits.stream().map(VectorIndex.Hit::id).toList());
        List<ScoredMemory> out = new ArrayList<>();
        int tokens = 0;
        for (VectorIndex.Hit h : hits) {
            MemoryItem item = items.get(h.id());
            if (item == null || out.size() == query.limit()) {
                continue;
            }
            int t = TOKENS.count(item.text());
            if (query.tokenBudget() > 0 && tokens + t > query.tokenBudget()) {
                break; // a best-first prefix, as core's InMemoryMemory does
            }
            tokens += t;
            out.add(new ScoredMemory(item, h.score(), h.relevance()));
        }
        return out;
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
                RecallWeights.relevanceOnly());
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
