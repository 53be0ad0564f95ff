package dev.agentry.memory.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One agent's vectors in {@link VectorPage pages}, one row per memory keyed by the memory's
 * database sequence number: the int8 code with its scale, the 1-bit sign code, and the filter and
 * score fields (kind, conversation, creation time, importance). The float32 vectors stay in the
 * database, which rescores the few candidates a search keeps. About 460 bytes per row at 384
 * dimensions. Writers take the write lock; {@link VectorScan} reads under the read lock.
 */
final class AgentVectors {
    private static final int FIRST_PAGE_ROWS = 16;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final int dim;
    final int words;
    private final SeqRows rowOf = new SeqRows();
    private final Map<String, Integer> conversations = new HashMap<>();
    VectorPage[] pages = new VectorPage[0];
    int size;
    private int dead;

    AgentVectors(int dim) {
        this.dim = dim;
        this.words = (dim + 63) / 64;
    }

    VectorPage page(int row) {
        return pages[row >>> VectorPage.SHIFT];
    }

    void put(long seq, float[] v, int k, String conv, long createdNanos, float imp) {
        lock.writeLock().lock();
        try {
            int row = rowOf.get(seq);
            if (row < 0) {
                makeRoom();
                row = size++;
                rowOf.put(seq, row);
            }
            VectorPage p = page(row);
            int i = row & VectorPage.MASK;
            VectorCodes.quantize(v, p.q8, i * dim);
            VectorCodes.binarize(v, p.bits, i * words);
            p.invScale[i] = VectorCodes.inverseScale(v);
            p.created[i] = createdNanos;
            p.importance[i] = imp;
            p.kind[i] = (byte) k;
            p.conversation[i] = conv == null ? -1 : conversations.computeIfAbsent(conv, c -> conversations.size());
            p.seq[i] = seq;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Makes room for one more row: grows the first page (16 rows, doubling up to a full page), then adds full pages. */
    private void makeRoom() {
        if (pages.length == 0) {
            pages = new VectorPage[] {new VectorPage(dim, words, FIRST_PAGE_ROWS)};
        } else if (size == pages[0].capacity && pages.length == 1 && size < VectorPage.ROWS) {
            pages[0] = pages[0].grown(dim, words, Math.min(VectorPage.ROWS, size * 2));
        } else if (size == (pages.length - 1) * VectorPage.ROWS + pages[pages.length - 1].capacity) {
            pages = Arrays.copyOf(pages, pages.length + 1);
            pages[pages.length - 1] = new VectorPage(dim, words, VectorPage.ROWS);
        }
    }

    void remove(long seq) {
        lock.writeLock().lock();
        try {
            int row = rowOf.remove(seq);
            if (row >= 0) {
                page(row).seq[row & VectorPage.MASK] = 0;
                dead++;
                if (dead > VectorPage.ROWS && dead > size / 4) {
                    compact();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean contains(long seq) {
        return reading(() -> rowOf.get(seq) >= 0);
    }

    int live() {
        return reading(() -> size - dead);
    }

    long bytes() {
        return reading(() -> {
            long b = rowOf.bytes() + conversations.size() * 100L;
            for (VectorPage p : pages) {
                b += p.bytes(dim, words);
            }
            return b;
        });
    }

    /** Runs a read under the read lock. */
    <T> T reading(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void compact() {
        int w = 0;
        for (int r = 0; r < size; r++) {
            VectorPage src = page(r);
            long seq = src.seq[r & VectorPage.MASK];
            if (seq == 0) {
                continue;
            }
            if (w != r) {
                page(w).copyRow(src, r & VectorPage.MASK, w & VectorPage.MASK, dim, words);
                rowOf.put(seq, w);
            }
            w++;
        }
        size = w;
        dead = 0;
        pages = Arrays.copyOf(pages, Math.max(1, (size + VectorPage.ROWS - 1) >>> VectorPage.SHIFT));
    }

    /** The conversation number a search requires: -1 for any, -2 when no row has that conversation. */
    int conversationFilter(VectorIndex.Search s) {
        if (s.conversation() == null) {
            return -1;
        }
        Integer c = conversations.get(s.conversation());
        return c == null ? -2 : c;
    }

    /** Whether a row of a page is live and passes the search's kind, conversation and time filters. */
    static boolean accepts(VectorIndex.Search s, VectorPage p, int i, int conv) {
        return p.seq[i] != 0 && (s.kindMask() & (1 << p.kind[i])) != 0 && (conv < 0 || p.conversation[i] == conv)
                && p.created[i] >= s.fromNanos() && p.created[i] <= s.toNanos();
    }
}
