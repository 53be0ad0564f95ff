package dev.agentry.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A fast deterministic bag-of-words embedding for tests: hashed word counts in {@code dim} buckets. Counts calls. */
final class HashEmbeddingModel implements EmbeddingModel {
    final int dim;
    final AtomicInteger embedded = new AtomicInteger();

    HashEmbeddingModel(int dim) {
        this.dim = dim;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        embedded.addAndGet(segments.size());
        return Response.from(segments.stream().map(s -> Embedding.from(vector(s.text()))).toList());
    }

    float[] vector(String text) {
        float[] v = new float[dim];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), dim)] += 1;
            }
        }
        v[dim - 1] += 0.01f;
        return v;
    }

    @Override
    public int dimension() {
        return dim;
    }
}
