package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.AGENT;
import static dev.agentry.core.runtime.PipelineFixture.ALICE;
import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Policy;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.AuthorizeStage;
import dev.agentry.core.internal.turn.ReplayStage;
import dev.agentry.core.internal.turn.ValidateStage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizeStageTest {
    private static final String ARGS = "{\"to\":\"" + ALICE + "\",\"amount\":\"0.5\"}";

    private final FakeTool pay = FakeTool.of("pay", Effect.FUNDS)
            .spending((a, c) -> List.of(Spend.of("ETH", a.decimal("amount"), a.string("to"))));
    private final FakeTool sign = FakeTool.of("sign_message", Effect.SIGN);
    private final PipelineFixture.Reached reached = new PipelineFixture.Reached();

    private ToolCall authorize(Policy policy, String tool, Trust trust) {
        return authorize(new PipelineFixture(policy, pay, sign), tool, trust);
    }

    private ToolCall authorize(PipelineFixture fixture, String tool, Trust trust) {
        return fixture.runThrough(reached, event("e1", trust), tool, ARGS, List.of(ValidateStage::new, ReplayStage::new, AuthorizeStage::new));
    }

    @Test
    void anAllowedCallDeclaresItsSpendsOnceAndIsDecidedOnceWithThem() {
        RecordingPolicy policy = RecordingPolicy.allowingAll();

        ToolCall call = authorize(policy, "pay", Trust.OWNER);

        assertThat(call.result()).isEqualTo("reached");
        assertThat(pay.spendsCalls).hasValue(1);
        assertThat(policy.decided).singleElement().satisfies(request -> {
            assertThat(request.spends()).containsExactly(Spend.of("ETH", new BigDecimal("0.5"), ALICE));
            assertThat(request.idempotencyKey()).startsWith("pay:");
        });
        assertThat(reached.calls).singleElement().satisfies(i -> assertThat(i.decision().allowed()).isTrue());
    }

    @Test
    void aToolNotOfferedToTheAuthorIsRefusedBeforeItsSpendsAreAsked() {
        RecordingPolicy policy = RecordingPolicy.offeringNothing(r -> PolicyDecision.deny("trust", "needs a trusted author"));

        ToolCall call = authorize(policy, "pay", Trust.UNTRUSTED);

        assertThat(reached.calls).isEmpty();
        assertThat(pay.spendsCalls).hasValue(0);
        assertThat(policy.decided).as("asked once, for the rule's name").hasSize(1);
        assertThat(call.decision()).isEqualTo(ToolCall.Decision.DENY);
        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
        assertThat(call.result()).isEqualTo("error: denied by policy rule 'trust': needs a trusted author");
    }

    @Test
    void aToolNotOfferedIsRefusedEvenIfTheDecisionWouldAllowIt() {
        ToolCall call = authorize(RecordingPolicy.offeringNothing(r -> PolicyDecision.allow()), "pay", Trust.UNTRUSTED);

        assertThat(reached.calls).isEmpty();
        assertThat(call.rule()).isEqualTo("not-offered");
    }

    @Test
    void aPolicyDenialIsFinalAndCounted() {
        PipelineFixture fixture = new PipelineFixture(RecordingPolicy.deciding(r -> PolicyDecision.deny("spend-cap", "over the cap")), pay);

        ToolCall call = authorize(fixture, "pay", Trust.OWNER);

        assertThat(reached.calls).isEmpty();
        assertThat(call.rule()).isEqualTo("spend-cap");
        assertThat(fixture.registry.get("agentry.policy.decisions").tag("rule", "spend-cap").tag("decision", "DENY").counter().count()).isEqualTo(1);
    }

    @Test
    void signingIsNeverRunForAnUntrustedAuthorWhateverThePolicySays() {
        RecordingPolicy permissive = RecordingPolicy.allowingAll();
        PipelineFixture fixture = new PipelineFixture(permissive, pay, sign);

        ToolCall call = authorize(fixture, "sign_message", Trust.UNTRUSTED);

        assertThat(reached.calls).isEmpty();
        assertThat(sign.spendsCalls).hasValue(0);
        assertThat(permissive.decided).isEmpty();
        assertThat(call.decision()).isEqualTo(ToolCall.Decision.DENY);
        assertThat(call.rule()).isEqualTo("trust");
        assertThat(call.result()).contains("signs with the agent's key and never runs for an untrusted author");
        assertThat(fixture.registry.get("agentry.tool.calls").tag("tool", "sign_message").tag("effect", "sign").tag("outcome", "denied")
                .timer().count()).isEqualTo(1);
        assertThat(fixture.agent.tools().offered(AGENT, permissive, Trust.UNTRUSTED)).extracting(s -> s.name()).containsExactly("pay");
    }

    @Test
    void signingForATrustedAuthorIsLeftToThePolicy() {
        RecordingPolicy permissive = RecordingPolicy.allowingAll();
        PipelineFixture fixture = new PipelineFixture(permissive, pay, sign);

        ToolCall call = authorize(fixture, "sign_message", Trust.TRUSTED);

        assertThat(call.result()).isEqualTo("reached");
        assertThat(permissive.decided).hasSize(1);
        assertThat(fixture.agent.tools().offered(AGENT, permissive, Trust.TRUSTED)).extracting(s -> s.name()).containsExactly("pay", "sign_message");
    }

    @Test
    void anInterruptedFundsCallResumesWithoutASecondDecision() {
        RecordingPolicy policy = RecordingPolicy.deciding(r -> PolicyDecision.deny("spend-cap", "would count twice"));
        PipelineFixture fixture = new PipelineFixture(policy, pay, sign);
        interrupted(fixture, "pay");

        ToolCall call = authorize(fixture, "pay", Trust.OWNER);

        assertThat(call.result()).isEqualTo("reached");
        assertThat(policy.decided).isEmpty();
        assertThat(reached.calls).singleElement().satisfies(i -> assertThat(i.decision().rule()).isEqualTo("resume"));
    }

    @Test
    void anInterruptedSigningCallIsDecidedAgain() {
        RecordingPolicy policy = RecordingPolicy.deciding(r -> PolicyDecision.deny("sign-grant", "no grant for this message"));
        PipelineFixture fixture = new PipelineFixture(policy, pay, sign);
        interrupted(fixture, "sign_message");

        ToolCall call = authorize(fixture, "sign_message", Trust.OWNER);

        assertThat(reached.calls).isEmpty();
        assertThat(policy.decided).hasSize(1);
        assertThat(call.rule()).isEqualTo("sign-grant");
    }

    @Test
    void anInterruptedCallStillPassesTheTrustGates() {
        RecordingPolicy policy = RecordingPolicy.offeringNothing(r -> PolicyDecision.deny("trust", "needs a trusted author"));
        PipelineFixture fixture = new PipelineFixture(policy, pay, sign);
        interrupted(fixture, "pay");

        ToolCall call = authorize(fixture, "pay", Trust.UNTRUSTED);

        assertThat(reached.calls).isEmpty();
        assertThat(call.rule()).isEqualTo("trust");
    }

    @Test
    void spendsTheToolCannotDeclareMakeTheCallInvalid() {
        FakeTool broken = FakeTool.of("pay", Effect.FUNDS).spending((a, c) -> {
            throw new ToolException("amount must be positive");
        });
        RecordingPolicy policy = RecordingPolicy.allowingAll();
        PipelineFixture fixture = new PipelineFixture(policy, broken);

        ToolCall call = authorize(fixture, "pay", Trust.OWNER);

        assertThat(reached.calls).isEmpty();
        assertThat(policy.decided).isEmpty();
        assertThat(call.decision()).isEqualTo(ToolCall.Decision.INVALID);
        assertThat(call.rule()).isEqualTo("spends");
        assertThat(call.result()).isEqualTo("error: amount must be positive");
    }

    private static void interrupted(PipelineFixture fixture, String tool) {
        String key = ToolArguments.parse(ARGS).idempotencyKey(AGENT, "e1", tool);
        fixture.journal.putEffect(new EffectRecord(key, AGENT, "e1", tool, EffectRecord.Status.STARTED, Map.of(), List.of(),
                Optional.empty(), Instant.now()));
    }
}
