package dev.agentry.console;

import dev.agentry.core.AgentryException;

/** The console could not start or its storage failed: the message says what and where. */
public class ConsoleException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong
     * @param cause the cause
     */
    public ConsoleException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception.
     *
     * @param message what went wrong
     */
    public ConsoleException(String message) {
        super(message);
    }
}
