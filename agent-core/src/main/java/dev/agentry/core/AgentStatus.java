package dev.agentry.core;

import java.util.List;

/**
 * One agent as the runtime sees it now, for dashboards.
 *
 * @param agentId the agent
 * @param running whether the runtime has started it (and not closed)
 * @param busy whether a turn is running now
 * @param queued events waiting in its mailbox
 * @param tokensToday model tokens (in + out) used today, UTC
 * @param dailyTokenBudget the daily token budget, 0 for none
 * @param caps each spend cap of its policy with what counts against it now (empty when the policy
 *     has none or does not report them)
 * @param tools its tools' names, in registration order
 */
public record AgentStatus(String agentId, boolean running, boolean busy, int queued, long tokensToday, long dailyTokenBudget,
        List<CapUsage> caps, List<String> tools) {
    /** Checks arguments and copies the lists. */
    public AgentStatus {
        Checks.require(agentId, caps, tools);
        caps = List.copyOf(caps);
        tools = List.copyOf(tools);
    }
}
