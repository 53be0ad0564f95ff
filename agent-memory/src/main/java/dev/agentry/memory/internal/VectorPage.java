package dev.agentry.memory.internal;

/**
 * Up to 1,024 rows of an agent's vectors in contiguous arrays: the int8 code with its scale, the
 * 1-bit sign code, and the filter and score fields. Sequence number 0 marks a free or deleted row.
 * Paged so that a growing agent never copies more than one page nor holds unused capacity beyond
 * one page; an agent's first page starts at 16 rows and doubles up to 1,024, so the many agents
 * with few memories stay small.
 */
final class VectorPage {
    static final int SHIFT = 10;
    static final int ROWS = 1 << SHIFT;
    static final int MASK = ROWS - 1;

    final int capacity;
    final byte[] q8;
    final long[] bits;
    final float[] invScale;
    final long[] created;
    final float[] importance;
    final byte[] kind;
    final int[] conversation;
    final long[] seq;

    VectorPage(int dim, int words, int capacity) {
        this.capacity = capacity;
        q8 = new byte[capacity * dim];
        bits = new long[capacity * words];
        invScale = new float[capacity];
        created = new long[capacity];
        importance = new float[capacity];
        kind = new byte[capacity];
        conversation = new int[capacity];
        seq = new long[capacity];
    }

    /** A copy of this page with a larger capacity. */
    VectorPage grown(int dim, int words, int newCapacity) {
        VectorPage p = new VectorPage(dim, words, newCapacity);
        for (int i = 0; i < capacity; i++) {
            p.copyRow(this, i, i, dim, words);
        }
        return p;
    }

    /** Heap bytes of this page. */
    long bytes(int dim, int words) {
        return capacity * (dim + words * 8L + 4 + 8 + 4 + 1 + 4 + 8) + 9 * 16;
    }

    /** Copies row {@code from} of {@code src} into row {@code to} of this page. */
    void copyRow(VectorPage src, int from, int to, int dim, int words) {
        System.arraycopy(src.q8, from * dim, q8, to * dim, dim);
        System.arraycopy(src.bits, from * words, bits, to * words, words);
        invScale[to] = src.invScale[from];
        created[to] = src.created[from];
        importance[to] = src.importance[from];
        kind[to] = src.kind[from];
        conversation[to] = src.conversation[from];
        seq[to] = src.seq[from];
    }
}
