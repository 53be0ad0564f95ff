package dev.agentry.core;

/**
 * Decides on every tool call before it executes, outside the model. The runtime asks
 * {@link #offers} when choosing which tools the model sees for an event, and {@link #decide}
 * again for every call the model makes; then it reports the outcome with {@link #completed} so
 * spend windows count only what actually moved.
 *
 * <p>{@link StandardPolicy} implements allow/deny lists, rate limits, spend caps, recipient
 * allowlists, trust gates and approval. Implementations must be thread-safe.
 */
public interface Policy {

    /**
     * Returns whether a tool is offered to the model at all for an event of this trust.
     *
     * @param agentId the agent
     * @param tool the tool
     * @param trust the event's trust
     * @return {@code true} to offer it
     */
    boolean offers(String agentId, Tool tool, Trust trust);

    /**
     * Decides on one call. An {@link PolicyDecision.Verdict#ALLOW} may reserve capacity (rate
     * limit slots, spend) that {@link #completed} later confirms or releases.
     *
     * @param request the call
     * @return the decision
     */
    PolicyDecision decide(PolicyRequest request);

    /**
     * Reports how an allowed call ended.
     *
     * @param request the call
     * @param succeeded whether the tool finished without error (value may have moved)
     */
    default void completed(PolicyRequest request, boolean succeeded) {}

    /**
     * A policy that allows everything except FUNDS tools for untrusted events. Meant for tests
     * and tools without side effects; use {@link StandardPolicy} for anything real.
     *
     * @return the policy
     */
    static Policy permissive() {
        return StandardPolicy.builder().build();
    }
}
