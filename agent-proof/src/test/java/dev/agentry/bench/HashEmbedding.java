package dev.agentry.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;

/** A deterministic 384-dimension embedding from character trigrams (cheap; no model). */
public final class HashEmbedding implements EmbeddingModel {
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<Embedding> out = new ArrayList<>(segments.size());
        for (TextSegment s : segments) {
            out.add(Embedding.from(vector(s.text(), 384)));
        }
        return Response.from(out);
    }

    /** The unit vector of a text's character trigrams, hashed into {@code dimensions} buckets. */
    static float[] vector(String text, int dimensions) {
        float[] v = new float[dimensions];
        for (int i = 0; i + 3 <= text.length(); i++) {
            v[Math.floorMod(text.substring(i, i + 3).hashCode(), dimensions)] += 1;
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        norm = Math.sqrt(Math.max(norm, 1e-9));
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) norm;
        }
        return v;
    }

    @Override
    public int dimension() {
        return 384;
    }
}
