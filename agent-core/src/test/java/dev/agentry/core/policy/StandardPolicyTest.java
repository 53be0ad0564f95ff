package dev.agentry.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandardPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private int keys;

    private PolicyRequest request(String tool, Effect effect, Trust trust, Instant at, Spend... spends) {
        return new PolicyRequest("a1", tool, effect, Event.of("e" + keys, "x", "bob", "c", "t", trust), ToolArguments.parse("{}"),
                List.of(spends), "k" + (keys++), at);
    }

    private static Spend eth(String amount, String to) {
        return Spend.of("ETH", new BigDecimal(amount), to);
    }

    @Test
    void fundsWithoutACapAreDeniedFailClosed() {
        StandardPolicy policy = StandardPolicy.builder().build();
        PolicyDecision decision = policy.decide(request("transfer_native", Effect.FUNDS, Trust.OWNER, NOW, eth("0.01", "0xa")));
        assertThat(decision.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(decision.rule()).isEqualTo("spend-cap");
        assertThat(decision.reason()).contains("no spend cap is configured for asset ETH");
    }

    @Test
    void fundsToolDeclaringNoSpendIsDenied() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).build();
        assertThat(policy.decide(request("mystery", Effect.FUNDS, Trust.OWNER, NOW)).rule()).isEqualTo("spend-cap");
    }

    @Test
    void spendCapIsARollingWindowAndFailedCallsAreReleased() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.1"), Duration.ofHours(24)).build();
        PolicyRequest first = request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.06", "0xa"));
        assertThat(policy.decide(first).allowed()).isTrue();
        PolicyRequest second = request("t", Effect.FUNDS, Trust.OWNER, NOW.plusSeconds(60), eth("0.05", "0xa"));
        assertThat(policy.decide(second).reason()).contains("cap of 0.1 per day").contains("already spent 0.06");
        policy.completed(first, List.of());
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW.plusSeconds(120), eth("0.1", "0xa"))).allowed()).isTrue();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW.plus(Duration.ofHours(25)), eth("0.1", "0xa"))).allowed()).isTrue();
    }

    @Test
    void exactDecimalsNoFloatRounding() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.3"), Duration.ofDays(1)).build();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.1", "0xa"))).allowed()).isTrue();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.2", "0xa"))).allowed()).isTrue();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.000000000000000001", "0xa"))).allowed()).isFalse();
    }

    @Test
    void recipientAllowlistAndPerRecipientCap() {
        StandardPolicy policy = StandardPolicy.builder()
                .spendCap("ETH", BigDecimal.TEN, Duration.ofDays(1))
                .recipientCap("ETH", BigDecimal.ONE, Duration.ofDays(1))
                .recipientAllowlist(List.of("0xAAA", "0xbbb"))
                .build();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.5", "0xccc"))).rule()).isEqualTo("recipient-allowlist");
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.8", "0xaaa"))).allowed()).isTrue();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.5", "0xAAA"))).rule()).isEqualTo("recipient-cap");
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.5", "0xbbb"))).allowed()).isTrue();
    }

    @Test
    void trustGatesByEffect() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.TEN, Duration.ofDays(1))
                .minimumTrust("admin_tool", Trust.OWNER).build();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.UNTRUSTED, NOW, eth("0.1", "0xa"))).rule()).isEqualTo("trust");
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.TRUSTED, NOW, eth("0.1", "0xa"))).allowed()).isTrue();
        assertThat(policy.decide(request("post", Effect.POST, Trust.UNTRUSTED, NOW)).allowed()).isTrue();
        assertThat(policy.decide(request("admin_tool", Effect.READ, Trust.TRUSTED, NOW)).rule()).isEqualTo("trust");
        StandardPolicy open = StandardPolicy.builder().spendCap("ETH", BigDecimal.TEN, Duration.ofDays(1)).fundsForUntrusted(true).build();
        assertThat(open.decide(request("t", Effect.FUNDS, Trust.UNTRUSTED, NOW, eth("0.1", "0xa"))).allowed()).isTrue();
    }

    @Test
    void allowAndDenyListsAndRateLimits() {
        StandardPolicy policy = StandardPolicy.builder().denyTools(List.of("rm")).rateLimit("post", 2, Duration.ofMinutes(1)).build();
        assertThat(policy.decide(request("rm", Effect.READ, Trust.OWNER, NOW)).rule()).isEqualTo("deny-list");
        assertThat(policy.decide(request("post", Effect.POST, Trust.OWNER, NOW)).allowed()).isTrue();
        assertThat(policy.decide(request("post", Effect.POST, Trust.OWNER, NOW)).allowed()).isTrue();
        assertThat(policy.decide(request("post", Effect.POST, Trust.OWNER, NOW)).rule()).isEqualTo("rate-limit");
        assertThat(policy.decide(request("post", Effect.POST, Trust.OWNER, NOW.plusSeconds(61))).allowed()).isTrue();
        StandardPolicy only = StandardPolicy.builder().allowTools(List.of("read")).build();
        assertThat(only.decide(request("other", Effect.READ, Trust.OWNER, NOW)).rule()).isEqualTo("allow-list");
    }

    @Test
    void approvalThresholds() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.TEN, Duration.ofDays(1))
                .approvalAbove("ETH", new BigDecimal("0.5")).approvalFor("launch").build();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.5", "0xa"))).allowed()).isTrue();
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.6", "0xa"))).verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(policy.decide(request("launch", Effect.READ, Trust.OWNER, NOW)).verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
    }

    @Test
    void spendWindowsSurviveARestartThroughTheJournal() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.putEffect(new EffectRecord("k-old", "a1", "e0", "transfer_native", EffectRecord.Status.DONE,
                Map.of(), List.of(Spend.of("ETH", new BigDecimal("0.09"), "0xa")), Optional.of("ok"), Instant.now()));
        journal.putEffect(new EffectRecord("k-failed", "a1", "e1", "transfer_native", EffectRecord.Status.FAILED,
                Map.of(), List.of(Spend.of("ETH", new BigDecimal("5"))), Optional.of("reverted"), Instant.now()));
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.1"), Duration.ofDays(1)).journal(journal)
                .clock(Clock.fixed(Instant.now(), ZoneOffset.UTC)).build();
        assertThat(policy.spentWithinWindow("a1", "ETH")).isEqualByComparingTo("0.09");
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, Instant.now(), eth("0.02", "0xa"))).rule()).isEqualTo("spend-cap");
    }

    @Test
    void rateLimitsOfJournalledToolsSurviveARestart() {
        InMemoryJournal journal = new InMemoryJournal();
        for (int i = 0; i < 2; i++) {
            journal.putEffect(new EffectRecord("post-" + i, "a1", "e" + i, "social_post", i == 0 ? EffectRecord.Status.DONE : EffectRecord.Status.FAILED,
                    Map.of(), List.of(), Optional.of("ok"), Instant.now()));
        }
        StandardPolicy policy = StandardPolicy.builder().rateLimit("social_post", 2, Duration.ofHours(1)).journal(journal).build();
        assertThat(policy.decide(request("social_post", Effect.POST, Trust.OWNER, Instant.now())).rule()).isEqualTo("rate-limit");
    }

    @Test
    void builderFailsFastOnBadSettings() {
        assertThatThrownBy(() -> StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).spendCap("ETH", BigDecimal.TEN, Duration.ofDays(1)))
                .hasMessageContaining("spend cap for asset ETH was already set");
        assertThatThrownBy(() -> StandardPolicy.builder().spendCap("ETH", new BigDecimal("-1"), Duration.ofDays(1))).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> StandardPolicy.builder().rateLimit("x", 0, Duration.ofDays(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> StandardPolicy.builder().allowTools(List.of("a")).denyTools(List.of("a")).build()).hasMessageContaining("both allowed and denied");
    }

    @Test
    void everySettingIsGivenOnceAndNamedOnARepeat() {
        List<java.util.function.Consumer<StandardPolicy.Builder>> settings = List.of(
                b -> b.allowTools(List.of("a")), b -> b.denyTools(List.of("b")), b -> b.minimumTrust("t", Trust.OWNER),
                b -> b.fundsForUntrusted(false), b -> b.postForUntrusted(true), b -> b.signing(dev.agentry.core.SigningGrant.approvalOnly()),
                b -> b.rateLimit("t", 1, Duration.ofHours(1)), b -> b.spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)),
                b -> b.recipientCap("ETH", BigDecimal.ONE, Duration.ofDays(1)), b -> b.recipientAllowlist(List.of("0xa")),
                b -> b.approvalAbove("ETH", BigDecimal.ONE), b -> b.approvalFor("t"), b -> b.journal(new InMemoryJournal()),
                b -> b.clock(Clock.systemUTC()));
        List<String> names = List.of("allowTools", "denyTools", "minimum trust for tool 't'", "fundsForUntrusted", "postForUntrusted",
                "signing", "rate limit for tool 't'", "spend cap for asset ETH", "recipient cap for asset ETH", "recipientAllowlist",
                "approval threshold for asset ETH", "approvalFor tool 't'", "journal", "clock");
        for (int i = 0; i < settings.size(); i++) {
            StandardPolicy.Builder builder = StandardPolicy.builder();
            settings.get(i).accept(builder);
            var setting = settings.get(i);
            assertThatThrownBy(() -> setting.accept(builder)).isInstanceOf(IllegalStateException.class).hasMessage(names.get(i) + " was already set");
        }
        StandardPolicy.Builder all = StandardPolicy.builder();
        settings.forEach(s -> s.accept(all));
        assertThat(all.build().rules()).hasSize(9);
        assertThatThrownBy(() -> StandardPolicy.builder().spendCap("0xAbC", BigDecimal.ONE, Duration.ofDays(1)).spendCap("0xabc", BigDecimal.TEN, Duration.ofDays(1)))
                .hasMessage("spend cap for asset 0xabc was already set");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> StandardPolicy.builder().allowTools(List.of("ok", " "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowTools: an entry must not be blank, was \" \"");
        assertThatThrownBy(() -> StandardPolicy.builder().recipientAllowlist(List.of(""))).hasMessage("recipientAllowlist: an entry must not be blank, was \"\"");
        assertThatThrownBy(() -> StandardPolicy.builder().approvalAbove("ETH", new BigDecimal("-0.5")))
                .hasMessage("approval threshold for ETH must not be negative, was -0.5");
        assertThatThrownBy(() -> StandardPolicy.builder().rateLimit("post", 3, Duration.ZERO)).hasMessage("rate limit window for 'post' must be positive, was PT0S");
        assertThatThrownBy(() -> StandardPolicy.builder().recipientCap("TIP", BigDecimal.ONE, Duration.ofSeconds(-1)))
                .hasMessage("recipient cap window for TIP must be positive, was PT-1S");
    }

    @Test
    void aLaterDenialBeatsAnEarlierHoldAndNothingIsReservedForDeniedCalls() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1))
                .recipientCap("ETH", new BigDecimal("0.5"), Duration.ofDays(1)).approvalFor("t").rateLimit("t", 2, Duration.ofHours(1)).build();

        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.6", "0xa"))).rule()).isEqualTo("recipient-cap");
        assertThat(policy.spentWithinWindow("a1", "ETH")).isEqualByComparingTo("0");
        PolicyDecision held = policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.4", "0xa")));
        assertThat(held.verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(held.rule()).isEqualTo("approval");
    }

    @Test
    void completedReplacesTheReservationWithWhatCounted() {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        PolicyRequest transfer = request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.5", "0xa"), Spend.of("ETH", new BigDecimal("0.3")));

        assertThat(policy.decide(transfer).allowed()).isTrue();
        assertThat(policy.spentWithinWindow("a1", "ETH")).isEqualByComparingTo("0.8");
        policy.completed(transfer, List.of(eth("0.5", "0xa"), Spend.of("ETH", new BigDecimal("0.0021"))));
        assertThat(policy.spentWithinWindow("a1", "ETH")).isEqualByComparingTo("0.5021");
        assertThat(policy.decide(request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.4979", "0xb"))).allowed()).isTrue();
        policy.completed(transfer, List.of());
        assertThat(policy.spentWithinWindow("a1", "ETH")).isEqualByComparingTo("0.4979");
    }

    @Test
    void concurrentCallsOfOneAgentNeverOvershootTheCap() throws Exception {
        StandardPolicy policy = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.1"), Duration.ofDays(1))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        List<PolicyRequest> calls = java.util.stream.IntStream.range(0, 64)
                .mapToObj(i -> request("t", Effect.FUNDS, Trust.OWNER, NOW, eth("0.01", "0xa"))).toList();
        java.util.concurrent.atomic.AtomicInteger allowed = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            calls.forEach(call -> pool.submit(() -> {
                if (policy.decide(call).allowed()) {
                    allowed.incrementAndGet();
                }
            }));
        }
        assertThat(allowed.get()).isEqualTo(10);
        assertThat(policy.spentWithinWindow("a1", "ETH")).isEqualByComparingTo("0.1");
    }
}
