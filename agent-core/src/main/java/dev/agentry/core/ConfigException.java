package dev.agentry.core;

/**
 * A persona or configuration that cannot be used. The message is meant for the person editing the
 * file and never quotes a secret:
 * <ul>
 *   <li>a bad field: {@code FILE: $.json.path: reason} (for example
 *       {@code agent.json: $.policy.spendCaps[0].amount: must not be negative, was -1});
 *   <li>a JSON syntax error: {@code FILE: invalid JSON at line L, column C: reason}, the reason in
 *       plain words (for example {@code a number must not start with a zero}), without parser
 *       internals;
 *   <li>a file that cannot be read: {@code FILE: ... file not found} and the like.
 * </ul>
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
