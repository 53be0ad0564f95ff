package dev.agentry.core;

/**
 * A journal refused a write for an agent because another runtime took the agent over: in cluster
 * mode each owner of an agent holds an epoch, a new owner raises it, and a write made with an older
 * epoch fails with this exception in the same transaction that would have recorded it. Nothing was
 * written.
 *
 * <p>The runtime treats it as the end of its ownership, not as a failed turn: the agent stops at
 * once, the turn in flight is given up without retries, turn record or dead letter, and its event
 * stays in the inbox for the new owner.
 */
public class FencedException extends AgentryException {
    private static final long serialVersionUID = 1L;

    private final String agentId;

    /**
     * Creates the exception.
     *
     * @param agentId the agent whose write was refused
     * @param message what was refused and why, naming the epochs
     */
    public FencedException(String agentId, String message) {
        super(message);
        this.agentId = agentId;
    }

    /**
     * Returns the agent whose write was refused.
     *
     * @return the agent id
     */
    public String agentId() {
        return agentId;
    }
}
