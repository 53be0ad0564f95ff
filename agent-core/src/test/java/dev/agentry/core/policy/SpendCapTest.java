package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.NOW;
import static dev.agentry.core.policy.Calls.call;
import static dev.agentry.core.policy.Calls.funds;
import static dev.agentry.core.policy.Calls.spend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.policy.Cap;
import dev.agentry.core.internal.policy.SpendCap;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpendCapTest {
    private final SpendCap rule = new SpendCap(Map.of("ETH", new Cap(new BigDecimal("1"), Duration.ofDays(1))));

    private PolicyDecision admit(PolicyRequest request) {
        PolicyDecision decision = rule.check(request);
        if (decision.allowed()) {
            rule.admitted(request);
        }
        return decision;
    }

    @Test
    void aDeclaredFeeCountsAgainstTheNativeAssetCap() {
        PolicyDecision withFee = rule.check(funds(spend("ETH", "0.95", "0xa"), spend("ETH", "0.06")));
        assertThat(withFee.rule()).isEqualTo("spend-cap");
        assertThat(withFee.reason()).isEqualTo("spending 1.01 ETH would exceed the cap of 1 per day (already spent 0)");
        assertThat(rule.check(funds(spend("ETH", "0.94", "0xa"), spend("ETH", "0.06"))).allowed()).isTrue();
    }

    @Test
    void settledFeeReplacesTheWorstCaseAndFailureReleasesIt() {
        PolicyRequest transfer = funds(spend("ETH", "0.5", "0xa"), spend("ETH", "0.2"));
        assertThat(admit(transfer).allowed()).isTrue();
        assertThat(rule.spent("a1", "ETH", NOW)).isEqualByComparingTo("0.7");
        rule.completed(transfer, List.of(spend("ETH", "0.5", "0xa"), spend("ETH", "0.001")));
        assertThat(rule.spent("a1", "ETH", NOW)).isEqualByComparingTo("0.501");
        assertThat(admit(funds(spend("ETH", "0.499", "0xb"))).allowed()).isTrue();
        assertThat(admit(funds(spend("ETH", "0.000000000000000001", "0xb"))).rule()).isEqualTo("spend-cap");
        rule.completed(transfer, List.of());
        assertThat(rule.spent("a1", "ETH", NOW)).isEqualByComparingTo("0.499");
    }

    @Test
    void failClosedOnUncappedAssetsAndUndeclaredFunds() {
        PolicyDecision uncapped = rule.check(funds(spend("DOGE", "0", "0xa")));
        assertThat(uncapped.reason()).isEqualTo("no spend cap is configured for asset DOGE; spending it is not allowed");
        PolicyDecision undeclared = rule.check(call("mystery", Effect.FUNDS, Trust.OWNER));
        assertThat(undeclared.rule()).isEqualTo("spend-cap");
        assertThat(undeclared.reason()).contains("declared no spend");
        assertThat(rule.check(call("post", Effect.POST, Trust.OWNER)).allowed()).isTrue();
    }

    @Test
    void rollingWindowAndJournalRestore() {
        rule.restore("a1", List.of(
                new EffectRecord("k-old", "a1", "e0", "t", EffectRecord.Status.DONE, Map.of(), List.of(spend("ETH", "0.9", "0xa")),
                        Optional.of("ok"), NOW.minus(Duration.ofHours(23))),
                new EffectRecord("k-failed", "a1", "e1", "t", EffectRecord.Status.FAILED, Map.of(), List.of(spend("ETH", "5")),
                        Optional.of("reverted"), NOW.minus(Duration.ofHours(1)))));

        assertThat(rule.check(funds(spend("ETH", "0.2", "0xa"))).rule()).isEqualTo("spend-cap");
        assertThat(rule.check(funds(spend("ETH", "0.1", "0xa"))).allowed()).isTrue();
        assertThat(rule.check(call("t", Effect.FUNDS, Trust.OWNER, NOW.plus(Duration.ofHours(2)), spend("ETH", "1", "0xa"))).allowed()).isTrue();
    }
}
