package dev.agentry.memory;

import dev.agentry.core.AgentryException;

/**
 * A memory store operation failed: the database could not be opened or written, the schema is
 * newer than this library, or the store was embedded with another model. The message names the
 * operation and the database (file path or JDBC URL without credentials).
 */
public final class MemoryStoreException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying error
     */
    public MemoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public MemoryStoreException(String message) {
        super(message);
    }
}
