package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.ToolInvocation;
import dev.agentry.core.internal.turn.ToolPath;
import dev.agentry.core.internal.turn.Turn;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ExecuteStageTest {
    private FakeTool tool;
    private PipelineFixture fixture;

    private ToolCall run(Effect effect, BiFunction<ToolArguments, ToolContext, String> body) {
        tool = FakeTool.of("act", effect).executing(body).timingOutAfter(Duration.ofMillis(300));
        fixture = new PipelineFixture(RecordingPolicy.allowingAll(), tool);
        return fixture.run(event("e1", Trust.OWNER), "act", "{}");
    }

    @Test
    void theResultGoesBackCutAt4000Characters() {
        assertThat(run(Effect.READ, (a, c) -> "ok").result()).isEqualTo("ok");
        assertThat(run(Effect.READ, (a, c) -> "x".repeat(5_000)).result()).hasSize(4_000 + "…[truncated]".length()).endsWith("…[truncated]");
    }

    @Test
    void aToolErrorIsShownOnceAsAnError() {
        ToolCall call = run(Effect.POST, (a, c) -> {
            throw new ToolException("error: the post is too long");
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.ERROR);
        assertThat(call.result()).isEqualTo("error: the post is too long");
    }

    @Test
    void anUnexpectedFailureIsShownWithoutItsMessage() {
        ToolCall call = run(Effect.READ, (a, c) -> {
            throw new IllegalStateException("jdbc:postgresql://db?password=hunter2 exploded");
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.ERROR);
        assertThat(call.result()).isEqualTo("error: tool 'act' failed unexpectedly (IllegalStateException)");
    }

    @Test
    void aToolPastItsTimeoutIsInterruptedAndReportedAsTimeout() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        ToolCall call = run(Effect.READ, (a, c) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        });

        assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.TIMEOUT);
        assertThat(call.result()).isEqualTo("error: tool 'act' timed out after 300 ms");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the tool's thread was interrupted").isTrue();
    }

    @Test
    void aToolAnswersTheEventOfItsOwnTurnOnly() {
        tool = FakeTool.of("answer", Effect.POST).executing((a, c) -> {
            c.markEventAnswered();
            return "replied";
        });
        fixture = new PipelineFixture(RecordingPolicy.allowingAll(), tool);
        Turn first = PipelineFixture.turn(event("e1", Trust.OWNER));
        Turn second = PipelineFixture.turn(event("e1", Trust.OWNER));

        ToolPath.standard(fixture.agent).run(new ToolInvocation(first, "answer", "{}"));

        assertThat(first.answered()).isTrue();
        assertThat(second.answered()).isFalse();
    }

    @Test
    void anAbandonedTurnRunsNoTool() {
        tool = FakeTool.of("act", Effect.READ);
        fixture = new PipelineFixture(RecordingPolicy.allowingAll(), tool);
        Turn turn = PipelineFixture.turn(event("e1", Trust.OWNER));
        turn.abandon();

        assertThatThrownBy(() -> ToolPath.standard(fixture.agent).run(new ToolInvocation(turn, "act", "{}"))).hasMessageContaining("abandoned");
        assertThat(tool.executions).hasValue(0);
    }
}
