package dev.agentry.memory.internal;

/**
 * 1,024 rows of an agent's vectors in contiguous arrays: the int8 code with its scale, the 1-bit
 * sign code, and the filter and score fields. Sequence number 0 marks a free or deleted row. Paged
 * so that a growing agent never copies its vectors nor holds unused capacity beyond one page.
 */
final class VectorPage {
    static final int SHIFT = 10;
    static final int ROWS = 1 << SHIFT;
    static final int MASK = ROWS - 1;

    final byte[] q8;
    final long[] bits;
    final float[] invScale = new float[ROWS];
    final long[] created = new long[ROWS];
    final float[] importance = new float[ROWS];
    final byte[] kind = new byte[ROWS];
    final int[] conversation = new int[ROWS];
    final long[] seq = new long[ROWS];

    VectorPage(int dim, int words) {
        q8 = new byte[ROWS * dim];
        bits = new long[ROWS * words];
    }

    /** Heap bytes of a page. */
    static long bytes(int dim, int words) {
        return ROWS * (dim + words * 8L + 4 + 8 + 4 + 1 + 4 + 8) + 8 * 16;
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
