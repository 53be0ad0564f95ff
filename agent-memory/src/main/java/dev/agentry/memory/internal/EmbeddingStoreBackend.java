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
import java.util.List;

/** Long-term vectors in any LangChain4j {@link EmbeddingStore}; candidates are filtered here and re-ranked by {@link Recall}. */
final class EmbeddingStoreBackend implements VectorBackend {
    private final EmbeddingStore<TextSegment> store;

    EmbeddingStoreBackend(EmbeddingStore<TextSegment> store) {
        this.store = store;
    }

    @Override
    public void committed(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
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
    public void deleted(String agentId, List<Key> keys) {
        if (!keys.isEmpty()) {
            store.removeAll(keys.stream().map(Key::id).toList());
        }
    }

    @Override
    public void reset(Connection c) {
        store.removeAll();
    }

    @Override
    public List<Key> candidates(String agentId, VectorIndex.Search s, int narrow) {
        var result = store.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(s.query()))
                .maxResults(Math.max(narrow * 2, 64))
                .filter(metadataKey("agentId").isEqualTo(agentId))
                .build());
        List<Key> keys = new ArrayList<>();
        for (EmbeddingMatch<TextSegment> m : result.matches()) {
            Metadata md = m.embedded().metadata();
            MemoryItem.Kind kind = MemoryItem.Kind.valueOf(md.getString("kind"));
            long created = md.getLong("createdAt");
            if ((s.kindMask() & (1 << kind.ordinal())) == 0 || created < s.fromNanos() || created > s.toNanos()
                    || (s.conversation() != null && !s.conversation().equals(md.getString("conversation")))) {
                continue;
            }
            keys.add(new Key(0, m.embeddingId()));
        }
        return keys;
    }

    @Override
    public String describe() {
        return "LangChain4j " + store.getClass().getSimpleName();
    }
}
