package dev.agentry.core.internal.turn;

import dev.agentry.core.ApprovalHook;
import dev.agentry.core.Channel;
import dev.agentry.core.Journal;
import dev.agentry.core.Limits;
import dev.agentry.core.Memory;
import dev.agentry.core.Policy;
import dev.agentry.core.internal.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What one agent's turns and tool calls share and what outlives them: its tools, policy, memory,
 * journal, channels and settings. Immutable; holds no per-turn state.
 *
 * @param agentId the agent
 * @param tools the agent's tools
 * @param policy the agent's policy
 * @param memory the agent's memory
 * @param journal the journal
 * @param channels reply channels by event source
 * @param limits the agent's limits
 * @param approvalHook who approves held calls
 * @param approvalTimeout how long a held call waits
 * @param metrics the runtime's meters
 * @param clock the clock
 */
public record AgentWiring(
        String agentId,
        Toolbox tools,
        Policy policy,
        Memory memory,
        Journal journal,
        Map<String, Channel> channels,
        Limits limits,
        ApprovalHook approvalHook,
        Duration approvalTimeout,
        Metrics metrics,
        Clock clock) {

    /** Copies the channels. */
    public AgentWiring {
        channels = Map.copyOf(channels);
    }
}
