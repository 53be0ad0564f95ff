package dev.agentry.memory.internal;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import dev.agentry.core.MemoryItem;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Long-term vectors in any LangChain4j {@link EmbeddingStore}; candidates are filtered and re-ranked here. */
final class EmbeddingStoreBackend implements VectorBackend {
    private final EmbeddingStore<TextSegment> store;

    EmbeddingStoreBackend(EmbeddingStore<TextSegment> store) {
        this.store = store;
    }

    @Override
    public void committed(List<Row> rows) {
        List<String> ids = new ArrayList<>();
        List<Embedding> embeddings = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (Row r : rows) {
            MemoryItem i = r.item();
            Metadata m = new Metadata();
            m.put("agentId", i.agentId());
            m.put("kind", i.kind().name());
            i.conversation().ifPresent(c -> m.put("conversation", c));
            m.put("createdAt", Times.toNanos(i.createdAt()));
            m.put("importance", i.importance());
            ids.add(i.id());
            embeddings.add(Embedding.from(r.vector()));
            segments.add(TextSegment.from(i.text().isBlank() ? "." : i.text(), m));
        }
        store.removeAll(ids);
        store.addAll(ids, embeddings, segments);
    }

    @Override
    public void deleted(String agentId, Collection<String> ids) {
        if (!ids.isEmpty()) {
            store.removeAll(ids);
        }
    }

    @Override
    public void reset(Connection c) {
        store.removeAll();
    }

    @Override
    public List<VectorIndex.Hit> search(String agentId, VectorIndex.Search s) {
        var result = store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(s.query()))
                .maxResults(Math.max(s.limit() * 8, 64))
                .filter(metadataKey("agentId").isEqualTo(agentId))
                .build());
        double k = s.decayPerNano();
        List<VectorIndex.Hit> hits = new ArrayList<>();
        for (EmbeddingMatch<TextSegment> m : result.matches()) {
            Metadata md = m.embedded().metadata();
            MemoryItem.Kind kind = MemoryItem.Kind.valueOf(md.getString("kind"));
            long created = md.getLong("createdAt");
            if ((s.kindMask() & (1 << kind.ordinal())) == 0 || created < s.fromNanos() || created > s.toNanos()
                    || (s.conversation() != null && !s.conversation().equals(md.getString("conversation")))) {
                continue;
            }
            double rel = 2 * m.score() - 1; // LangChain4j relevance score = (cosine + 1) / 2
            hits.add(new VectorIndex.Hit(m.embeddingId(), s.score(rel, created, md.getDouble("importance"), k), rel));
        }
        hits.sort((a, b) -> Double.compare(b.score(), a.score()));
        return hits.subList(0, Math.min(s.limit(), hits.size()));
    }

    @Override
    public String describe() {
        return "LangChain4j " + store.getClass().getSimpleName();
    }
}
