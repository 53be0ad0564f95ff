package dev.agentry.core;

/** Argument checks shared by the public value types. */
final class Checks {
    private Checks() {}

    /**
     * Throws if any value is null, naming its position.
     *
     * @param values the record's components, in order
     */
    static void require(Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("component " + (i + 1) + " must not be null");
            }
        }
    }
}
