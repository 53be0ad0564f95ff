package dev.agentry.core.policy;

import static dev.agentry.core.policy.Calls.NOW;
import static dev.agentry.core.policy.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.policy.Limit;
import dev.agentry.core.internal.policy.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static PolicyDecision admit(RateLimit rule, PolicyRequest request) {
        PolicyDecision decision = rule.check(request);
        if (decision.allowed()) {
            rule.admitted(request);
        }
        return decision;
    }

    @Test
    void countsAdmittedCallsOverARollingWindow() {
        RateLimit rule = new RateLimit(Map.of("post", new Limit(2, Duration.ofMinutes(1))));

        assertThat(admit(rule, call("post", Effect.POST, Trust.OWNER, NOW)).allowed()).isTrue();
        assertThat(admit(rule, call("post", Effect.POST, Trust.OWNER, NOW.plusSeconds(10))).allowed()).isTrue();
        PolicyDecision third = admit(rule, call("post", Effect.POST, Trust.OWNER, NOW.plusSeconds(20)));
        assertThat(third.rule()).isEqualTo("rate-limit");
        assertThat(third.reason()).isEqualTo("tool 'post' is limited to 2 calls per minute; try again later");
        assertThat(admit(rule, call("post", Effect.POST, Trust.OWNER, NOW.plusSeconds(61))).allowed()).isTrue();
        assertThat(admit(rule, call("other", Effect.POST, Trust.OWNER, NOW.plusSeconds(61))).allowed()).isTrue();
    }

    @Test
    void checkedButNotAdmittedCallsDoNotCount() {
        RateLimit rule = new RateLimit(Map.of("post", new Limit(1, Duration.ofHours(1))));
        for (int i = 0; i < 5; i++) {
            assertThat(rule.check(call("post", Effect.POST, Trust.OWNER, NOW)).allowed()).isTrue();
        }
        rule.admitted(call("post", Effect.POST, Trust.OWNER, NOW));
        assertThat(rule.check(call("post", Effect.POST, Trust.OWNER, NOW)).allowed()).isFalse();
    }

    @Test
    void starLimitAppliesPerToolToToolsWithoutTheirOwn() {
        RateLimit rule = new RateLimit(Map.of("*", new Limit(1, Duration.ofHours(1)), "post", new Limit(3, Duration.ofHours(1))));
        assertThat(admit(rule, call("a", Effect.READ, Trust.OWNER, NOW)).allowed()).isTrue();
        assertThat(admit(rule, call("a", Effect.READ, Trust.OWNER, NOW)).rule()).isEqualTo("rate-limit");
        assertThat(admit(rule, call("b", Effect.READ, Trust.OWNER, NOW)).allowed()).isTrue();
        assertThat(admit(rule, call("post", Effect.POST, Trust.OWNER, NOW)).allowed()).isTrue();
        assertThat(admit(rule, call("post", Effect.POST, Trust.OWNER, NOW)).allowed()).isTrue();
    }

    @Test
    void journalledCallsCountAfterARestartFailedOnesToo() {
        RateLimit rule = new RateLimit(Map.of("social_post", new Limit(2, Duration.ofHours(1))));
        rule.restore("a1", List.of(
                new EffectRecord("p1", "a1", "e1", "social_post", EffectRecord.Status.DONE, Map.of(), List.of(), Optional.of("ok"), NOW.minusSeconds(60)),
                new EffectRecord("p2", "a1", "e2", "social_post", EffectRecord.Status.FAILED, Map.of(), List.of(), Optional.of("x"), NOW.minusSeconds(30))));

        assertThat(rule.check(call("social_post", Effect.POST, Trust.OWNER, NOW)).rule()).isEqualTo("rate-limit");
        assertThat(rule.check(call("social_post", Effect.POST, Trust.OWNER, NOW.plusSeconds(59 * 60 + 30))).allowed()).isTrue();
        assertThat(rule.window()).isEqualTo(Duration.ofHours(1));
    }
}
