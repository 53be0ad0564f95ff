package dev.agentry.core.internal.turn;

import dev.agentry.core.ApprovalHook;
import dev.agentry.core.Channel;
import dev.agentry.core.Journal;
import dev.agentry.core.Limits;
import dev.agentry.core.Memory;
import dev.agentry.core.Policy;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.internal.Metrics;
import dev.agentry.core.internal.approval.ApprovalDesk;
import dev.agentry.core.internal.events.EventHub;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
 * @param approvalHook who approves held calls when there is no approval queue
 * @param approvalTimeout how long a held call waits for the hook
 * @param approvals the approval queue's desk, if the runtime has a queue
 * @param metrics the runtime's meters and observations
 * @param events where runtime events go
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
        Optional<ApprovalDesk> approvals,
        Metrics metrics,
        EventHub events,
        Clock clock) {

    /** Copies the channels. */
    public AgentWiring {
        channels = Map.copyOf(channels);
    }

    /** Hands an event to the runtime's listeners; never blocks. */
    void publish(RuntimeEvent event) {
        events.publish(event);
    }
}
