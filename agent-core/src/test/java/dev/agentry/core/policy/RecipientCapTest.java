package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.funds;
import static dev.agentry.core.policy.Calls.spend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.internal.policy.Cap;
import dev.agentry.core.internal.policy.RecipientCap;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipientCapTest {
    private final RecipientCap rule = new RecipientCap(Map.of("ETH", new Cap(new BigDecimal("1"), Duration.ofDays(1))));

    @Test
    void feesWithoutRecipientDoNotCountAgainstTheRecipient() {
        assertThat(rule.check(funds(spend("ETH", "1", "0xa"), spend("ETH", "0.3"))).allowed()).isTrue();
    }

    @Test
    void spendsToOneRecipientInOneCallCountTogether() {
        PolicyDecision split = rule.check(funds(spend("ETH", "0.6", "0xA"), spend("ETH", "0.6", "0xa")));
        assertThat(split.rule()).isEqualTo("recipient-cap");
        assertThat(split.reason()).isEqualTo("sending 1.2 ETH to 0xa would exceed the per-recipient cap of 1 per day (already sent 0)");
        assertThat(rule.check(funds(spend("ETH", "0.6", "0xa"), spend("ETH", "0.6", "0xb"))).allowed()).isTrue();
    }

    @Test
    void countsPerRecipientAcrossCallsAndLeavesUncappedAssetsAlone() {
        PolicyRequest first = funds(spend("ETH", "0.8", "0xa"));
        assertThat(rule.check(first).allowed()).isTrue();
        rule.admitted(first);
        assertThat(rule.check(funds(spend("ETH", "0.3", "0xa"))).reason()).contains("already sent 0.8");
        assertThat(rule.check(funds(spend("ETH", "0.3", "0xb"))).allowed()).isTrue();
        assertThat(rule.check(funds(spend("TIP", "500", "0xa"))).allowed()).isTrue();
    }
}
