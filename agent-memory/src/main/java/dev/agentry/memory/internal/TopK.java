package dev.agentry.memory.internal;

/** A bounded min-heap of (score, row): keeps the best {@code capacity} rows offered. Not thread-safe. */
final class TopK {
    final float[] scores;
    final int[] rows;
    int size;

    TopK(int capacity) {
        scores = new float[capacity];
        rows = new int[capacity];
    }

    /** The score a row must beat to enter, once full. */
    float floor() {
        return size < scores.length ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(float score, int row) {
        if (size < scores.length) {
            siftUp(size++, score, row);
        } else if (score > scores[0]) {
            siftDown(score, row);
        }
    }

    private void siftUp(int i, float score, int row) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (scores[p] <= score) {
                break;
            }
            scores[i] = scores[p];
            rows[i] = rows[p];
            i = p;
        }
        scores[i] = score;
        rows[i] = row;
    }

    private void siftDown(float score, int row) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int c = l + 1 < size && scores[l + 1] < scores[l] ? l + 1 : l;
            if (scores[c] >= score) {
                break;
            }
            scores[i] = scores[c];
            rows[i] = rows[c];
            i = c;
        }
        scores[i] = score;
        rows[i] = row;
    }
}
