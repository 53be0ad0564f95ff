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
            float[] v = new float[384];
            String t = s.text();
            for (int i = 0; i + 3 <= t.length(); i++) {
                v[Math.floorMod(t.substring(i, i + 3).hashCode(), 384)] += 1;
            }
            double norm = 0;
            for (float f : v) {
                norm += f * f;
            }
            norm = Math.sqrt(Math.max(norm, 1e-9));
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) norm;
            }
            out.add(Embedding.from(v));
        }
        return Response.from(out);
    }

    @Override
    public int dimension() {
        return 384;
    }
}
