package dev.agentry.core;

import java.util.List;

/**
 * Decides on every tool call before it executes, outside the model. The runtime asks
 * {@link #offers} when choosing which tools the model sees for an event, and {@link #decide}
 * again for every call the model makes; then it reports the outcome with {@link #completed} so
 * spend windows count only what actually moved.
 *
 * <p>{@link StandardPolicy} implements allow/deny lists, trust gates, the signing grant, rate limits,
 * spend caps, recipient allowlists and caps, and approval, one {@link PolicyRule} each, and takes
 * rules of the application's own. Implementations must be thread-safe.
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
     * Decides on one call; the runtime asks once per call. An {@link PolicyDecision.Verdict#ALLOW}
     * (or a hold for approval) may reserve capacity (rate limit slots, spend) that
     * {@link #completed} later confirms, replaces or releases.
     *
     * @param request the call
     * @return the decision
     */
    PolicyDecision decide(PolicyRequest request);

    /**
     * Reports how an allowed (or approved) call ended, with what now counts against the spend
     * windows: nothing when the call failed without effect (its reservation is released); the
     * declared spends when value may have moved but the tool did not say how much (a timeout, an
     * unexpected failure); the settled spends when the tool reported what really moved (see
     * {@link ToolContext#settle}), such as the real gas fee instead of the worst case.
     *
     * @param request the call, as decided
     * @param counted the spends that count from now on; empty to release the reservation
     */
    default void completed(PolicyRequest request, List<Spend> counted) {}

    /**
     * Reports an agent's spend caps and what counts against each now, for dashboards. The default
     * reports none.
     *
     * @param agentId the agent
     * @return the caps, empty when the policy has none or does not say
     */
    default List<CapUsage> usage(String agentId) {
        return List.of();
    }

    /**
     * A policy that allows READ and POST tools for everyone, FUNDS tools for trusted authors but no
     * spending (no caps), and no signing. Meant for tests and tools without side effects; use a
     * configured {@link StandardPolicy} for anything real.
     *
     * @return the policy
     */
    static Policy permissive() {
        return StandardPolicy.builder().build();
    }
}
