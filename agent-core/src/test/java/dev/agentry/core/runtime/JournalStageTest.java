package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.ALICE;
import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.AuthorizeStage;
import dev.agentry.core.internal.turn.JournalStage;
import dev.agentry.core.internal.turn.ReplayStage;
import dev.agentry.core.internal.turn.ToolInvocation;
import dev.agentry.core.internal.turn.ToolPath;
import dev.agentry.core.internal.turn.Turn;
import dev.agentry.core.internal.turn.ValidateStage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalStageTest {
    private final FakeTool pay = FakeTool.of("pay", Effect.FUNDS)
            .spending((a, c) -> List.of(Spend.of("ETH", a.decimal("amount"), a.string("to"))));
    private final FakeTool look = FakeTool.of("look", Effect.READ);
    private final PipelineFixture fixture = new PipelineFixture(RecordingPolicy.allowingAll(), pay, look);
    private final PipelineFixture.Reached reached = new PipelineFixture.Reached();

    private ToolCall journal(String tool, String arguments) {
        return fixture.runThrough(reached, event("e1", Trust.OWNER), tool, arguments,
                List.of(ValidateStage::new, ReplayStage::new, AuthorizeStage::new, JournalStage::new));
    }

    @Test
    void aCallWithAnEffectIsStartedInTheJournalWithItsTypedSpendsBeforeItRuns() {
        ToolCall call = journal("pay", "{\"to\":\"" + ALICE + "\",\"amount\":\"0.25\",\"api_key\":\"sk-live-secret\"}");

        assertThat(fixture.journal.effect(call.idempotencyKey())).hasValueSatisfying(record -> {
            assertThat(record.status()).isEqualTo(EffectRecord.Status.STARTED);
            assertThat(record.spends()).containsExactly(Spend.of("ETH", new BigDecimal("0.25"), ALICE));
            assertThat(record.details().get("arguments")).contains("[redacted]").doesNotContain("sk-live-secret");
            assertThat(record.eventId()).isEqualTo("e1");
        });
        assertThat(reached.calls).singleElement().satisfies(i -> assertThat(i.context().interruptedAttempt()).isEmpty());
    }

    @Test
    void readCallsAreNotJournalled() {
        ToolCall call = journal("look", "{}");

        assertThat(call.result()).isEqualTo("reached");
        assertThat(fixture.journal.effect(call.idempotencyKey())).isEmpty();
    }

    @Test
    void anAbandonedTurnStartsNothing() {
        Turn turn = PipelineFixture.turn(event("e1", Trust.OWNER));
        turn.abandon();
        ToolPath path = new ToolPath(fixture.agent, List.of(new ValidateStage(fixture.agent), new ReplayStage(fixture.agent),
                new AuthorizeStage(fixture.agent), new JournalStage(fixture.agent), reached));

        assertThatThrownBy(() -> path.run(new ToolInvocation(turn, "pay", "{\"to\":\"" + ALICE + "\",\"amount\":\"0.25\"}")))
                .hasMessageContaining("abandoned");
        assertThat(reached.calls).isEmpty();
        assertThat(fixture.journal.effectsSince(PipelineFixture.AGENT, Instant.EPOCH)).isEmpty();
    }
}
