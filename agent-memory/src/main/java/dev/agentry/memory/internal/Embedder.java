package dev.agentry.memory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An embedding model with a content-hash cache (Caffeine): identical texts are embedded once, and
 * a recall query's vector is reused when the same text is remembered. Misses go to the
 * {@link EmbeddingBatcher}, which merges concurrent calls into batches. A text can be
 * {@linkplain #prefetch prefetched}: embedded in the background while the caller does other work
 * (an event's text while its journal write is fsynced), and a later {@link #embed} of it waits for
 * that instead of embedding it again. Vectors are L2-normalised. Thread-safe.
 */
public final class Embedder implements AutoCloseable {
    private final String name;
    private final int dimension;
    private final Cache<String, float[]> cache;
    private final EmbeddingBatcher batcher;
    /** Prefetches in flight, by text hash; a finished one is in {@link #cache} before it leaves this map. */
    private final Map<String, CompletableFuture<float[]>> prefetching = new ConcurrentHashMap<>();

    /** Wraps a model; {@code cacheSize} vectors are kept by text hash. */
    public Embedder(EmbeddingModel model, String name, int cacheSize) {
        this.name = name;
        this.dimension = model.dimension();
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.batcher = new EmbeddingBatcher(model, name, dimension);
    }

    /** The model's name as stored in the database. */
    public String name() {
        return name;
    }

    /** The vector dimension. */
    public int dimension() {
        return dimension;
    }

    /** Whether the model is fast enough to be called in the caller's thread (a hashing model, not a neural one). */
    public boolean fast() {
        return batcher.direct();
    }

    /** A cached vector for a text hash, or null. */
    public float[] cached(String hash) {
        return cache.getIfPresent(hash);
    }

    /** Remembers a vector for a text hash (for example one read from the database). */
    public void cache(String hash, float[] vector) {
        cache.put(hash, vector);
    }

    /** Embeds one query text (cached, or the prefetch of it awaited), ahead of the background writes waiting for the model. */
    public float[] embed(String text) {
        return await(text, embedSoon(text));
    }

    /**
     * Starts embedding one query text as {@link #embed} would and returns at once, so the caller can
     * do other work meanwhile; {@link #await} gives the vector. A cached text, or any text of a fast
     * model (embedded in this thread), comes back completed.
     */
    public CompletableFuture<float[]> embedSoon(String text) {
        String h = hash(text);
        CompletableFuture<float[]> prefetch = prefetching.get(h);
        if (prefetch != null) {
            return prefetch;
        }
        float[] v = cache.getIfPresent(h);
        if (v != null) {
            return CompletableFuture.completedFuture(v);
        }
        if (batcher.direct()) {
            v = batcher.embed(List.of(text), true).get(0);
            cache.put(h, v);
            return CompletableFuture.completedFuture(v);
        }
        return batcher.submit(List.of(text), true).thenApply(vectors -> {
            cache.put(h, vectors.get(0));
            return vectors.get(0);
        });
    }

    /**
     * The vector of {@link #embedSoon}; if that failed (a prefetch that met a busy or failing
     * model), the text is embedded once more here, so the caller sees its own call's failure.
     */
    public float[] await(String text, CompletableFuture<float[]> soon) {
        try {
            return soon.join();
        } catch (RuntimeException failed) {
            float[] v = batcher.embed(List.of(text), true).get(0);
            cache.put(hash(text), v);
            return v;
        }
    }

    /**
     * Starts embedding a text that a recall will ask for soon, on the model's thread ahead of the
     * background writes, and returns at once. Nothing happens when the text is cached or already
     * being prefetched, or when the model is fast enough to be called in the caller's thread.
     */
    public void prefetch(String text) {
        if (batcher.direct()) {
            return;
        }
        String h = hash(text);
        if (cache.getIfPresent(h) != null) {
            return;
        }
        CompletableFuture<float[]> mine = new CompletableFuture<>();
        if (prefetching.putIfAbsent(h, mine) != null) {
            return;
        }
        try {
            batcher.submit(List.of(text), true).whenComplete((vectors, failure) -> {
                if (failure == null) {
                    cache.put(h, vectors.get(0));
                    mine.complete(vectors.get(0));
                } else {
                    mine.completeExceptionally(failure);
                }
                prefetching.remove(h, mine);
            });
        } catch (RuntimeException closed) {
            prefetching.remove(h, mine);
            mine.completeExceptionally(closed);
        }
    }

    /** Embeds texts in one batch, skipping cached and repeated texts; results in input order. */
    public List<float[]> embedAll(List<String> texts) {
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
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
            List<String> hashes = new ArrayList<>(missing.keySet());
            List<float[]> vectors = batcher.embed(hashes.stream().map(h -> texts.get(missing.get(h).get(0))).toList(), false);
            for (int j = 0; j < hashes.size(); j++) {
                cache.put(hashes.get(j), vectors.get(j));
                for (int i : missing.get(hashes.get(j))) {
                    out[i] = vectors.get(j);
                }
            }
        }
        return List.of(out);
    }

    /** Embeds what is queued, then stops the model's thread. */
    @Override
    public void close() {
        batcher.close();
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
