package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.funds;
import static dev.agentry.core.policy.Calls.spend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.internal.policy.RecipientAllowlist;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecipientAllowlistTest {
    static final String FRIEND = "0xaaaa000000000000000000000000000000000001";
    static final String ATTACKER = "0xdddd000000000000000000000000000000000009";
    private final RecipientAllowlist rule = new RecipientAllowlist(Set.of(FRIEND));

    @Test
    void checksEveryRecipientCaseInsensitively() {
        assertThat(rule.check(funds(spend("ETH", "0.1", FRIEND.toUpperCase().replace("0X", "0x")))).allowed()).isTrue();
        PolicyDecision denied = rule.check(funds(spend("ETH", "0.1", FRIEND), spend("ETH", "0.1", ATTACKER)));
        assertThat(denied.rule()).isEqualTo("recipient-allowlist");
        assertThat(denied.reason()).isEqualTo("recipient " + ATTACKER + " is not on the allowlist");
        assertThat(rule.check(funds(spend("launch", "1"))).allowed()).isTrue();
        assertThat(new RecipientAllowlist(Set.of()).check(funds(spend("ETH", "1", ATTACKER))).allowed()).isTrue();
    }

    @Test
    void zeroAmountControlSpendsAreChecked() {
        PolicyDecision owner = rule.check(funds(spend("launch", "1"), spend("launch", "0", ATTACKER)));
        assertThat(owner.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(owner.rule()).isEqualTo("recipient-allowlist");
        assertThat(rule.check(funds(spend("launch", "1"), spend("launch", "0", FRIEND))).allowed()).isTrue();
    }

    @Test
    void inThePolicyItDecidesBeforeTheMissingCapOfAnUncappedAsset() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("launch", BigDecimal.TEN, Duration.ofDays(1))
                .recipientAllowlist(List.of(FRIEND)).build();

        PolicyDecision uncapped = policy.decide(funds(spend("curve-control", "0", ATTACKER)));
        assertThat(uncapped.rule()).isEqualTo("recipient-allowlist");
        PolicyDecision beneficiary = policy.decide(funds(spend("launch", "1"), spend("launch", "0", ATTACKER)));
        assertThat(beneficiary.rule()).isEqualTo("recipient-allowlist");
        assertThat(policy.decide(funds(spend("launch", "1"), spend("launch", "0", FRIEND))).allowed()).isTrue();
        assertThat(policy.decide(funds(spend("curve-control", "0", FRIEND))).rule()).isEqualTo("spend-cap");
    }
}
