package dev.agentry.memory.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** int8 dot products with the JDK Vector API; loaded only when {@code jdk.incubator.vector} is in the boot layer. */
final class SimdDot {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.length() * 8));

    private SimdDot() {}

    /** Lanes per step; the query passed to {@link #dot} is widened to ints. */
    static int lanes() {
        return INTS.length();
    }

    /** Dot product of {@code n} bytes of {@code rows} at {@code offset} with the int-widened query. */
    static int dot(byte[] rows, int offset, int[] query, int n) {
        IntVector acc = IntVector.zero(INTS);
        int step = INTS.length();
        int i = 0;
        for (; i + step <= n; i += step) {
            IntVector row = (IntVector) ByteVector.fromArray(BYTES, rows, offset + i).convertShape(VectorOperators.B2I, INTS, 0);
            acc = row.mul(IntVector.fromArray(INTS, query, i)).add(acc);
        }
        int sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += rows[offset + i] * query[i];
        }
        return sum;
    }
}
