package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.call;
import static dev.agentry.core.policy.Calls.funds;
import static dev.agentry.core.policy.Calls.spend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.policy.ApprovalRule;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalRuleTest {
    private final ApprovalRule rule = new ApprovalRule(Set.of("launch"), Map.of("ETH", new BigDecimal("0.5")));

    @Test
    void holdsListedToolsForApproval() {
        PolicyDecision held = rule.check(call("launch", Effect.READ, Trust.OWNER));
        assertThat(held.verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(held.rule()).isEqualTo("approval");
        assertThat(held.reason()).isEqualTo("tool 'launch' needs a human's approval for this call");
        assertThat(rule.check(call("post", Effect.POST, Trust.OWNER)).allowed()).isTrue();
    }

    @Test
    void holdsCallsWhoseSpendsOfAnAssetAddUpAboveTheThreshold() {
        assertThat(rule.check(funds(spend("ETH", "0.5", "0xa"))).allowed()).isTrue();
        PolicyDecision withFee = rule.check(funds(spend("ETH", "0.5", "0xa"), spend("ETH", "0.01")));
        assertThat(withFee.verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(withFee.reason()).isEqualTo("spending 0.51 ETH is above the approval threshold of 0.5");
        assertThat(rule.check(funds(spend("TIP", "900", "0xa"))).allowed()).isTrue();
    }
}
