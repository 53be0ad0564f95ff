package dev.agentry.core;

/**
 * A persona or configuration that cannot be used: the message names the file, the JSON path of
 * the field and the reason.
 */
public class ConfigException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message file, field and reason
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message file, field and reason
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
