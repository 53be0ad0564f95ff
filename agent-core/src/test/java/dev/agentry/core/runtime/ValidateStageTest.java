package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.ValidateStage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateStageTest {
    private final FakeTool tool = FakeTool.of("pay", Effect.FUNDS);
    private final PipelineFixture fixture = new PipelineFixture(RecordingPolicy.allowingAll(), tool);
    private final PipelineFixture.Reached reached = new PipelineFixture.Reached();

    private ToolCall validate(String name, String arguments) {
        return fixture.runThrough(reached, event("e1", Trust.OWNER), name, arguments, List.of(ValidateStage::new));
    }

    @Test
    void validCallIsHandedOnParsedAndRedacted() {
        ToolCall call = validate("pay", "{\"to\":\"bob\",\"api_key\":\"sk-live-123\"}");

        assertThat(call.result()).isEqualTo("reached");
        assertThat(reached.calls).singleElement().satisfies(invocation -> {
            assertThat(invocation.tool()).isSameAs(tool);
            assertThat(invocation.arguments().string("to")).isEqualTo("bob");
        });
    }

    @Test
    void unknownToolIsInvalidAndNamesTheToolsThereAre() {
        ToolCall call = validate("steal_everything", "{}");

        assertThat(reached.calls).isEmpty();
        assertThat(call.decision()).isEqualTo(ToolCall.Decision.INVALID);
        assertThat(call.rule()).isEqualTo("unknown-tool");
        assertThat(call.result()).isEqualTo("error: unknown tool 'steal_everything'; available tools: [pay]");
        assertThat(fixture.toolCalls("unknown", "invalid")).isEqualTo(1);
    }

    @Test
    void malformedJsonIsInvalid() {
        ToolCall call = validate("pay", "{\"to\": \"bob\", amount: 1");

        assertThat(reached.calls).isEmpty();
        assertThat(call.rule()).isEqualTo("json");
        assertThat(call.result()).startsWith("error: arguments are not valid JSON").endsWith("matching the tool's schema.");
        assertThat(fixture.toolCalls("pay", "invalid")).isEqualTo(1);
    }

    @Test
    void schemaViolationsNameTheirPaths() {
        ToolCall call = validate("pay", "{\"to\":1,\"amount\":\"1\",\"memo\":\"x\"}");

        assertThat(reached.calls).isEmpty();
        assertThat(call.rule()).isEqualTo("schema");
        assertThat(call.result()).startsWith("error: invalid arguments: ")
                .contains("$.to: integer found, string expected")
                .contains("$.memo: unknown argument; expected one of [to, amount, api_key]");
    }

    @Test
    void anOptionalArgumentSentAsNullCountsAsAbsent() {
        ToolCall call = validate("pay", "{\"to\":\"bob\",\"amount\":null}");

        assertThat(call.result()).isEqualTo("reached");
    }
}
