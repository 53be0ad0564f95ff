package dev.agentry.core.internal.policy;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rule {@code rate-limit}: limits how often an agent calls a tool over a rolling window. A limit
 * for tool {@code "*"} applies to every tool without its own, counted per tool. A call counts once
 * it is admitted, whether it then succeeds or fails; after a restart the journalled calls (POST and
 * FUNDS tools) count again.
 *
 * <p>Thread-safe across agents; one agent's counts are guarded by the policy's agent lock.
 */
public final class RateLimit implements JournalledRule {
    /** The rule's name. */
    public static final String NAME = "rate-limit";
    /** The tool name whose limit applies to every tool without its own. */
    public static final String EVERY_TOOL = "*";

    private final Map<String, Limit> limits;
    private final Duration window;
    private final Map<String, Map<String, Deque<Instant>>> calls = new ConcurrentHashMap<>();

    /**
     * Creates the rule.
     *
     * @param limits limits by tool name, or {@link #EVERY_TOOL}
     */
    public RateLimit(Map<String, Limit> limits) {
        this.limits = Map.copyOf(limits);
        this.window = this.limits.values().stream().map(Limit::window).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        Limit limit = limitOf(request.tool());
        if (limit == null) {
            return PolicyDecision.allow();
        }
        Deque<Instant> made = calls(request.agentId(), request.tool());
        Instant since = request.at().minus(limit.window());
        while (!made.isEmpty() && made.peekFirst().isBefore(since)) {
            made.removeFirst();
        }
        if (made.size() >= limit.calls()) {
            return PolicyDecision.deny(NAME, "tool '" + request.tool() + "' is limited to " + limit.calls() + " calls per "
                    + PolicyFormats.human(limit.window()) + "; try again later");
        }
        return PolicyDecision.allow();
    }

    @Override
    public void admitted(PolicyRequest request) {
        if (limitOf(request.tool()) != null) {
            calls(request.agentId(), request.tool()).addLast(request.at());
        }
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public void restore(String agentId, List<EffectRecord> records) {
        for (EffectRecord record : records) {
            if (limitOf(record.tool()) != null) {
                calls(agentId, record.tool()).addLast(record.updatedAt());
            }
        }
    }

    private Limit limitOf(String tool) {
        Limit own = limits.get(tool);
        return own != null ? own : limits.get(EVERY_TOOL);
    }

    private Deque<Instant> calls(String agentId, String tool) {
        return calls.computeIfAbsent(agentId, id -> new ConcurrentHashMap<>()).computeIfAbsent(tool, t -> new ArrayDeque<>());
    }
}
