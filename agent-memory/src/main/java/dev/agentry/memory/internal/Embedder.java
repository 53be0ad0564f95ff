package dev.agentry.memory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** An embedding model with a content-hash cache: identical texts are embedded once. Vectors are L2-normalised. Thread-safe. */
public final class Embedder {
    private final EmbeddingModel model;
    private final String name;
    private final int dimension;
    private final Cache<String, float[]> cache;

    /** Wraps a model. */
    public Embedder(EmbeddingModel model, String name, int cacheSize) {
        this.model = model;
        this.name = name;
        this.dimension = model.dimension();
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /** The model's name as stored in the database. */
    public String name() {
        return name;
    }

    /** The vector dimension. */
    public int dimension() {
        return dimension;
    }

    /** A cached vector for a text hash, or null. */
    public float[] cached(String hash) {
        return cache.getIfPresent(hash);
    }

    /** Remembers a vector for a text hash (for example one read from the database). */
    public void cache(String hash, float[] vector) {
        cache.put(hash, vector);
    }

    /** Embeds one text (cached). */
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** Embeds texts in one batch, skipping cached and repeated texts; results in input order. */
    public List<float[]> embedAll(List<String> texts) {
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String h = hash(texts.get(i));
            float[] v = cache.getIfPresent(h);
            if (v != null) {
                out[i] = v;
            } else {
                missing.computeIfAbsent(h, x -> new ArrayList<>()).add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<String> unique = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> e : missing.entrySet()) {
                hashes.add(e.getKey());
                unique.add(texts.get(e.getValue().get(0)));
            }
            List<TextSegment> segments = unique.stream().map(t -> TextSegment.from(t.isBlank() ? "." : t)).toList();
            List<Embedding> embeddings = model.embedAll(segments).content();
            if (embeddings.size() != segments.size()) {
                throw new IllegalStateException("embedding model " + name + " returned " + embeddings.size() + " vectors for "
                        + segments.size() + " texts");
            }
            for (int j = 0; j < hashes.size(); j++) {
                float[] v = normalize(embeddings.get(j).vector());
                if (v.length != dimension) {
                    throw new IllegalStateException("embedding model " + name + " returned " + v.length + " dimensions, expected " + dimension);
                }
                cache.put(hashes.get(j), v);
                for (int i : missing.get(hashes.get(j))) {
                    out[i] = v;
                }
            }
        }
        return List.of(out);
    }

    /** SHA-256 of a text, hex. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A unit-length copy of a vector. */
    public static float[] normalize(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = v.clone();
        if (n > 0) {
            float inv = (float) (1 / Math.sqrt(n));
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        return out;
    }

    /** Cosine of two unit vectors. */
    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** A vector as little-endian float32 bytes. */
    public static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** Little-endian float32 bytes as a vector. */
    public static float[] fromBytes(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
