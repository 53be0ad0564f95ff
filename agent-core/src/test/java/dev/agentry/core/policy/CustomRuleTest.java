package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.NOW;
import static dev.agentry.core.policy.Calls.call;
import static dev.agentry.core.policy.Calls.funds;
import static dev.agentry.core.policy.Calls.spend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomRuleTest {

    /** At most two distinct recipients per agent, counted only for calls that go ahead. */
    static final class DistinctRecipients implements PolicyRule {
        final Set<String> seen = new HashSet<>();
        final List<List<Spend>> completions = new java.util.ArrayList<>();

        @Override
        public String name() {
            return "distinct-recipients";
        }

        @Override
        public PolicyDecision check(PolicyRequest request) {
            Set<String> after = new HashSet<>(seen);
            request.spends().forEach(s -> s.recipient().ifPresent(after::add));
            return after.size() > 2 ? PolicyDecision.deny(name(), "a third recipient is not allowed") : PolicyDecision.allow();
        }

        @Override
        public void admitted(PolicyRequest request) {
            request.spends().forEach(s -> s.recipient().ifPresent(seen::add));
        }

        @Override
        public void completed(PolicyRequest request, List<Spend> counted) {
            completions.add(counted);
        }
    }

    @Test
    void aCustomRuleDecidesIsNamedAndOnlyCountsAdmittedCalls() {
        DistinctRecipients custom = new DistinctRecipients();
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.3"), Duration.ofDays(1)).rule(custom).build();

        assertThat(policy.decide(funds(spend("ETH", "0.1", "0xa"))).allowed()).isTrue();
        assertThat(policy.decide(funds(spend("ETH", "5", "0xz"))).rule()).isEqualTo("spend-cap");
        assertThat(custom.seen).containsExactly("0xa");
        PolicyRequest second = funds(spend("ETH", "0.1", "0xb"));
        assertThat(policy.decide(second).allowed()).isTrue();
        PolicyDecision third = policy.decide(funds(spend("ETH", "0.1", "0xc")));
        assertThat(third.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(third.rule()).isEqualTo("distinct-recipients");
        assertThat(third.reason()).isEqualTo("a third recipient is not allowed");
        policy.completed(second, List.of());
        assertThat(custom.completions).containsExactly(List.of());
        assertThat(policy.rules()).containsExactly("deny-list", "allow-list", "trust", "signing", "rate-limit", "recipient-allowlist",
                "spend-cap", "recipient-cap", "distinct-recipients", "approval");
    }

    @Test
    void aDecisionIsReportedUnderTheRulesOwnNameAndAFailingRuleDenies() {
        PolicyRule mislabelled = new PolicyRule() {
            @Override
            public String name() {
                return "quiet-hours";
            }

            @Override
            public PolicyDecision check(PolicyRequest request) {
                return request.effect() == Effect.POST ? PolicyDecision.needsApproval("default", "posting at night") : PolicyDecision.allow();
            }
        };
        PolicyRule broken = new PolicyRule() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public PolicyDecision check(PolicyRequest request) {
                if (request.tool().equals("explode")) {
                    throw new IllegalStateException("boom");
                }
                return PolicyDecision.allow();
            }
        };
        StandardPolicy policy = StandardPolicy.builder().rule(mislabelled).rule(broken).build();

        PolicyDecision held = policy.decide(call("post", Effect.POST, Trust.OWNER));
        assertThat(held.verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(held.rule()).isEqualTo("quiet-hours");
        PolicyDecision failed = policy.decide(call("explode", Effect.READ, Trust.OWNER, NOW));
        assertThat(failed.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(failed.rule()).isEqualTo("broken");
        assertThat(failed.reason()).isEqualTo("the rule failed (IllegalStateException); refusing the call");
        assertThat(policy.decide(call("read", Effect.READ, Trust.OWNER)).allowed()).isTrue();
    }

    @Test
    void customRuleNamesMustBeUniqueAndNotBuiltIn() {
        assertThatThrownBy(() -> StandardPolicy.builder().rule(new DistinctRecipients()).rule(new DistinctRecipients()))
                .isInstanceOf(IllegalStateException.class).hasMessage("rule 'distinct-recipients' was already set");
        PolicyRule impostor = new PolicyRule() {
            @Override
            public String name() {
                return "spend-cap";
            }

            @Override
            public PolicyDecision check(PolicyRequest request) {
                return PolicyDecision.allow();
            }
        };
        assertThatThrownBy(() -> StandardPolicy.builder().rule(impostor))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rule name 'spend-cap' is taken by a built-in rule");
    }
}
