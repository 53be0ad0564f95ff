package dev.agentry.memory.internal;

/**
 * A typed SQL NULL for {@link Db#bind}: a plain {@code null} binds as a NULL text, which PostgreSQL
 * refuses for a {@code bytea} column.
 */
enum TypedNull {
    /** A NULL {@code BLOB} / {@code bytea}. */
    BYTES
}
