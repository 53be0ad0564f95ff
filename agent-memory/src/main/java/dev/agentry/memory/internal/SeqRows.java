package dev.agentry.memory.internal;

import java.util.Arrays;

/**
 * Row numbers by database sequence number: an open-addressing map from positive {@code long} keys
 * to {@code int} values (linear probing, backward-shift deletion), about 20 bytes per entry where a
 * {@code HashMap<Long, Integer>} takes about 70. Not thread-safe: {@link AgentVectors} guards it.
 */
final class SeqRows {
    private static final int NONE = -1;
    private long[] keys = new long[16];
    private int[] values = new int[16];
    private int size;

    /** The row of a key, or -1. */
    int get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return NONE;
    }

    /** Sets the row of a key (keys are positive). */
    void put(long key, int row) {
        if ((size + 1) * 10L > keys.length * 6L) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            size++;
        }
        keys[i] = key;
        values[i] = row;
    }

    /** Removes a key; returns its row, or -1 if absent. */
    int remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key) {
            if (keys[i] == 0) {
                return NONE;
            }
            i = (i + 1) & mask;
        }
        int row = values[i];
        size--;
        // backward shift: pull later entries of the probe run into the hole
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        return row;
    }

    /** Entries. */
    int size() {
        return size;
    }

    /** Heap bytes of the two arrays. */
    long bytes() {
        return keys.length * 12L + 32;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[capacity];
        values = new int[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    /** Removes everything. */
    void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
