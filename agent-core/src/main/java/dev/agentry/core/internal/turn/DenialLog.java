package dev.agentry.core.internal.turn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one INFO line per refused tool call: agent, tool, rule, event and trust, never the
 * arguments or the policy's reason (both can quote argument values). Operators see refusals
 * without turning on debug logs. Thread-safe.
 */
final class DenialLog {
    private static final Logger log = LoggerFactory.getLogger(DenialLog.class);

    private DenialLog() {}

    static void denied(String agentId, ToolInvocation call, String rule) {
        log.info("tool call denied: agent={} tool={} rule={} event={} trust={}", agentId, call.reportedName(), rule,
                call.turn().event().id(), call.turn().event().trust());
    }
}
