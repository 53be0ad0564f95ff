package dev.agentry.cluster;

import dev.agentry.core.AgentryException;

/**
 * A cluster node could not do its part: the broker or the shared database refused or could not be
 * reached, or the topic does not fit the node's settings. The message names the broker, topic or
 * database (never credentials).
 */
public class ClusterException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the broker, topic or database
     */
    public ClusterException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed, naming the broker, topic or database
     * @param cause the underlying failure
     */
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
