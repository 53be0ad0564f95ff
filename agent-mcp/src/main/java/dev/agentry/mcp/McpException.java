package dev.agentry.mcp;

import dev.agentry.core.AgentryException;

/**
 * A failure talking the Model Context Protocol: an MCP server that cannot be started or reached,
 * a call whose outcome is unknown because the connection broke while it ran, or an HTTP endpoint
 * that cannot be bound. Messages name the server and never contain header values, tokens or the
 * environment given to a server process.
 */
public class McpException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the server
     */
    public McpException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause kept for logs.
     *
     * @param message what failed, naming the server
     * @param cause the underlying failure
     */
    public McpException(String message, Throwable cause) {
        super(message, cause);
    }
}
