package dev.agentry.core;

/**
 * The root of every exception Agentry itself throws, so an application can catch the library's
 * failures in one place without catching its own. Subclasses say what failed: a tool call
 * ({@link ToolException}), a configuration ({@link ConfigException}), a store, a feed or a chain
 * node. Messages name what was wrong and where, and never contain secrets.
 */
public class AgentryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the value or place
     */
    public AgentryException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause kept for logs.
     *
     * @param message what failed, naming the value or place
     * @param cause the underlying failure
     */
    public AgentryException(String message, Throwable cause) {
        super(message, cause);
    }
}
