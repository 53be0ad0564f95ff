package dev.agentry.core.internal.policy;

import dev.agentry.core.Policy;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import java.util.List;

/**
 * An agent's policy followed by rules its plugins need: a call the policy allows (or holds for
 * approval) is checked by each rule in order, and the first denial decides; the policy's
 * reservation is then released. Rules can only deny more. Thread-safe if the parts are.
 */
public final class PolicyWithRules implements Policy {
    private final Policy policy;
    private final List<PolicyRule> rules;

    /**
     * Wraps a policy.
     *
     * @param policy the agent's policy
     * @param rules the plugins' rules, in order
     * @return the policy itself when there are no rules
     */
    public static Policy of(Policy policy, List<PolicyRule> rules) {
        return rules.isEmpty() ? policy : new PolicyWithRules(policy, rules);
    }

    private PolicyWithRules(Policy policy, List<PolicyRule> rules) {
        this.policy = policy;
        this.rules = List.copyOf(rules);
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return policy.offers(agentId, tool, trust) && rules.stream().allMatch(r -> r.offers(agentId, tool, trust));
    }

    @Override
    public PolicyDecision decide(PolicyRequest request) {
        PolicyDecision decision = policy.decide(request);
        if (decision.verdict() == PolicyDecision.Verdict.DENY) {
            return decision;
        }
        for (PolicyRule rule : rules) {
            PolicyDecision checked;
            try {
                checked = rule.check(request);
            } catch (RuntimeException e) {
                checked = PolicyDecision.deny(rule.name(), "rule failed: " + e.getClass().getSimpleName());
            }
            if (checked.verdict() == PolicyDecision.Verdict.DENY) {
                policy.completed(request, List.of());
                return checked;
            }
        }
        rules.forEach(r -> r.admitted(request));
        return decision;
    }

    @Override
    public void completed(PolicyRequest request, List<Spend> counted) {
        policy.completed(request, counted);
        rules.forEach(r -> r.completed(request, counted));
    }
}
