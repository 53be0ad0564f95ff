package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.AGENT;
import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.ReplayStage;
import dev.agentry.core.internal.turn.ValidateStage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayStageTest {
    private static final String ARGS = "{\"to\":\"bob\",\"amount\":\"1\"}";

    private final PipelineFixture fixture = new PipelineFixture(RecordingPolicy.allowingAll(),
            FakeTool.of("pay", Effect.FUNDS), FakeTool.of("look", Effect.READ));
    private final PipelineFixture.Reached reached = new PipelineFixture.Reached();

    private ToolCall replay(String tool) {
        return fixture.runThrough(reached, event("e1", Trust.OWNER), tool, ARGS, List.of(ValidateStage::new, ReplayStage::new));
    }

    private String journal(String tool, EffectRecord.Status status) {
        String key = ToolArguments.parse(ARGS).idempotencyKey(AGENT, "e1", tool);
        fixture.journal.putEffect(new EffectRecord(key, AGENT, "e1", tool, status, Map.of("tx", "0xabc"), List.of(),
                Optional.of("{\"sent\":true}"), Instant.now()));
        return key;
    }

    @Test
    void aCallDoneBeforeReturnsItsJournalledResultAndGoesNoFurther() {
        String key = journal("pay", EffectRecord.Status.DONE);

        ToolCall call = replay("pay");

        assertThat(reached.calls).isEmpty();
        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.REPLAYED);
        assertThat(call.rule()).isEqualTo("idempotency");
        assertThat(call.result()).isEqualTo("{\"sent\":true}");
        assertThat(call.idempotencyKey()).isEqualTo(key);
    }

    @Test
    void aFirstCallGoesOnWithItsKeyAndNoInterruptedAttempt() {
        ToolCall call = replay("pay");

        assertThat(call.result()).isEqualTo("reached");
        assertThat(reached.calls).singleElement().satisfies(invocation -> {
            assertThat(invocation.key()).isEqualTo(ToolArguments.parse(ARGS).idempotencyKey(AGENT, "e1", "pay")).startsWith("pay:");
            assertThat(invocation.interrupted()).isEmpty();
            assertThat(invocation.context().idempotencyKey()).isEqualTo(invocation.key());
        });
    }

    @Test
    void anInterruptedCallGoesOnCarryingItsEarlierRecord() {
        journal("pay", EffectRecord.Status.STARTED);

        replay("pay");

        assertThat(reached.calls).singleElement().satisfies(invocation -> {
            assertThat(invocation.interrupted()).hasValueSatisfying(r -> assertThat(r.details()).containsEntry("tx", "0xabc"));
            assertThat(invocation.context().interruptedAttempt()).isEqualTo(invocation.interrupted());
        });
    }

    @Test
    void readToolsAreNeverReplayed() {
        journal("look", EffectRecord.Status.DONE);

        ToolCall call = replay("look");

        assertThat(call.result()).isEqualTo("reached");
        assertThat(reached.calls).hasSize(1);
    }
}
