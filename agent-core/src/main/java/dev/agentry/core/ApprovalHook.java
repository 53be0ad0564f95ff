package dev.agentry.core;

import java.time.Duration;

/**
 * Asks a human whether a held tool call may go ahead, while the call waits. Called on the turn's
 * virtual thread; it may block up to the configured approval timeout, after which the call is
 * denied. For approvals that must not hold up the agent, or must survive a restart, use an
 * {@link ApprovalQueue} instead ({@link AgentRuntimeBuilder#approvalQueue}).
 */
@FunctionalInterface
public interface ApprovalHook {

    /**
     * Decides on a held call.
     *
     * @param request the call
     * @param decision the policy decision that held it (its rule and reason)
     * @param timeout how long the caller will wait
     * @return {@code true} to approve, {@code false} to deny
     * @throws InterruptedException if interrupted while waiting
     */
    boolean approve(PolicyRequest request, PolicyDecision decision, Duration timeout) throws InterruptedException;

    /**
     * A hook that denies everything: the default when no hook is configured.
     *
     * @return the hook
     */
    static ApprovalHook denyAll() {
        return (request, decision, timeout) -> false;
    }
}
