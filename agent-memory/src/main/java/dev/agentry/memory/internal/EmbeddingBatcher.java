package dev.agentry.memory.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the calls of a slow embedding model on one platform thread, merging the texts of the
 * requests that wait into one batch (at most 256 texts): concurrent recall queries of many agents
 * and the background memory writes become one model call instead of one per text, queries first.
 * Callers block (a virtual thread unmounts; a native in-process model never pins the carrier
 * threads). A model measured fast (under 50 microseconds a text, such as a hashing model) is called
 * in the caller's thread instead, where a hand-over would cost more than the call. A failed batch
 * of several requests is retried request by request, so one bad text fails only its caller.
 * Thread-safe.
 */
final class EmbeddingBatcher implements AutoCloseable {
    private static final int MAX_TEXTS = 256;
    private static final long DIRECT_NANOS_PER_TEXT = 50_000;

    private record Request(List<String> texts, CompletableFuture<List<float[]>> done) {}

    private final EmbeddingModel model;
    private final String name;
    private final int dimension;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition waiting = lock.newCondition();
    private final ArrayDeque<Request> queries = new ArrayDeque<>();
    private final ArrayDeque<Request> bulk = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;
    /** Nanoseconds per text of the model's last batch (an estimate; starts slow, so the first calls go through the thread). */
    private volatile long nanosPerText = Long.MAX_VALUE;

    EmbeddingBatcher(EmbeddingModel model, String name, int dimension) {
        this.model = model;
        this.name = name;
        this.dimension = dimension;
        this.thread = Thread.ofPlatform().daemon().name("agentry-embedder").start(this::loop);
    }

    /** Embeds texts (non-blank is not required) in the next batch; {@code query} ones go first. Vectors are L2-normalised. */
    List<float[]> embed(List<String> texts, boolean query) {
        if (direct()) {
            return call(texts);
        }
        try {
            return submit(texts, query).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Whether calls run in the caller's thread (a model measured fast), where a hand-over would cost more than the call. */
    boolean direct() {
        return nanosPerText < DIRECT_NANOS_PER_TEXT;
    }

    /** Queues texts for the next batch and returns at once; the future completes on the model's thread. */
    CompletableFuture<List<float[]>> submit(List<String> texts, boolean query) {
        Request r = new Request(texts, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("embedding model " + name + " is closed with its store");
            }
            (query ? queries : bulk).add(r);
            waiting.signal();
        } finally {
            lock.unlock();
        }
        return r.done();
    }

    private void loop() {
        while (true) {
            List<Request> batch = next();
            if (batch == null) {
                return;
            }
            try {
                List<String> texts = new ArrayList<>();
                batch.forEach(r -> texts.addAll(r.texts()));
                complete(batch, call(texts));
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    batch.get(0).done().completeExceptionally(e);
                } else {
                    for (Request r : batch) {
                        try {
                            complete(List.of(r), call(r.texts()));
                        } catch (RuntimeException alone) {
                            r.done().completeExceptionally(alone);
                        }
                    }
                }
            }
        }
    }

    /** The requests of the next batch (queries first), or null once closed and drained. */
    private List<Request> next() {
        lock.lock();
        try {
            while (queries.isEmpty() && bulk.isEmpty()) {
                if (closed) {
                    return null;
                }
                waiting.awaitUninterruptibly();
            }
            List<Request> batch = new ArrayList<>();
            int texts = 0;
            for (ArrayDeque<Request> q : List.of(queries, bulk)) {
                while (!q.isEmpty() && (batch.isEmpty() || texts + q.peek().texts().size() <= MAX_TEXTS)) {
                    Request r = q.poll();
                    batch.add(r);
                    texts += r.texts().size();
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private List<float[]> call(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? "." : t)).toList();
        long t0 = System.nanoTime();
        List<Embedding> embeddings = model.embedAll(segments).content();
        nanosPerText = (System.nanoTime() - t0) / Math.max(1, segments.size());
        if (embeddings.size() != segments.size()) {
            throw new IllegalStateException("embedding model " + name + " returned " + embeddings.size() + " vectors for " + segments.size() + " texts");
        }
        List<float[]> out = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            float[] v = Embedder.normalize(e.vector());
            if (v.length != dimension) {
                throw new IllegalStateException("embedding model " + name + " returned " + v.length + " dimensions, expected " + dimension);
            }
            out.add(v);
        }
        return out;
    }

    private static void complete(List<Request> batch, List<float[]> vectors) {
        int at = 0;
        for (Request r : batch) {
            int n = r.texts().size();
            r.done().complete(vectors.subList(at, at + n));
            at += n;
        }
    }

    /** Embeds what is queued, then stops the thread. */
    @Override
    public void close() {
        Workers.stop(lock, waiting, () -> closed = true, thread);
    }
}
