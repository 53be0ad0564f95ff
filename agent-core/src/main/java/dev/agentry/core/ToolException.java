package dev.agentry.core;

/**
 * An error a tool reports to the model: the message goes back as the tool result, so it must say
 * clearly what was wrong (the argument, the limit, the revert reason) and must never contain
 * secrets. The turn goes on; the model can correct itself or explain the failure.
 */
public class ToolException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, addressed to the model
     */
    public ToolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause kept for logs (its message is not shown to the model).
     *
     * @param message what went wrong, addressed to the model
     * @param cause the underlying failure
     */
    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
