package dev.agentry.memory.internal;

import java.util.Arrays;

/** The compact codes of a unit vector kept by the index: int8 with a per-row scale, and 1-bit signs. */
final class VectorCodes {
    private VectorCodes() {}

    /** Writes the int8 code of {@code v} (scaled so its largest component is ±127) at {@code offset}. */
    static void quantize(float[] v, byte[] out, int offset) {
        float max = maxAbs(v);
        float scale = max == 0 ? 0 : 127f / max;
        for (int i = 0; i < v.length; i++) {
            out[offset + i] = (byte) Math.round(v[i] * scale);
        }
    }

    /** The factor that turns the int8 code of {@code v} back into its components. */
    static float inverseScale(float[] v) {
        return maxAbs(v) / 127f;
    }

    private static float maxAbs(float[] v) {
        float max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** Writes the sign bits of {@code v} (bit set for a positive component) as 64-bit words at {@code offset}. */
    static void binarize(float[] v, long[] out, int offset) {
        int words = (v.length + 63) / 64;
        Arrays.fill(out, offset, offset + words, 0L);
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0) {
                out[offset + (i >>> 6)] |= 1L << (i & 63);
            }
        }
    }

    /** Dot product of {@code n} int8 components at {@code offset} with an int-widened query, without the Vector API. */
    static int dotScalar(byte[] rows, int offset, int[] q, int n) {
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += rows[offset + i] * q[i];
            s1 += rows[offset + i + 1] * q[i + 1];
            s2 += rows[offset + i + 2] * q[i + 2];
            s3 += rows[offset + i + 3] * q[i + 3];
        }
        for (; i < n; i++) {
            s0 += rows[offset + i] * q[i];
        }
        return s0 + s1 + s2 + s3;
    }
}
