package dev.agentry.cluster;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.Locale;

/** A fast deterministic embedding for the cluster tests (hashed word counts): memory works, no model loads. */
final class HashEmbedding implements EmbeddingModel {
    private static final int DIM = 64;

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return Response.from(segments.stream().map(s -> vector(s.text())).toList());
    }

    private static Embedding vector(String text) {
        float[] v = new float[DIM];
        for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), DIM)] += 1;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1;
            norm = 1;
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return Embedding.from(v);
    }

    @Override
    public int dimension() {
        return DIM;
    }
}
