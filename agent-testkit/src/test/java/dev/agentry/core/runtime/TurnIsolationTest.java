package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.Limits;
import dev.agentry.core.Persona;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A turn the host gave up after its timeout shares nothing with the attempt that replaces it. */
class TurnIsolationTest {
    private static final Persona PERSONA = Persona.of("Poster", "Answers in threads.");

    private ScriptedModel model;
    private AgentRuntime runtime;
    private final List<String> replies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        model = ScriptedModel.start();
        runtime = AgentRuntime.builder().retryBackoff(Duration.ofMillis(10)).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        model.close();
    }

    @Test
    void aToolOfAnAbandonedTurnCannotSilenceTheNextAttemptsReply() throws Exception {
        CountDownLatch secondAttemptActing = new CountDownLatch(1);
        CountDownLatch oldTurnMarkedAnswered = new CountDownLatch(1);
        Tool stubborn = tool("post_in_thread", (a, c) -> {
            awaitIgnoringInterrupts(secondAttemptActing);
            c.markEventAnswered();
            oldTurnMarkedAnswered.countDown();
            return "posted late";
        });
        Tool pause = tool("check_thread", (a, c) -> {
            secondAttemptActing.countDown();
            awaitIgnoringInterrupts(oldTurnMarkedAnswered);
            return "thread checked";
        });
        register(stubborn, pause);
        warmUp();
        model.thenToolCall("post_in_thread", "{}")
                .thenToolCall("check_thread", "{}")
                .thenReply("Here is my answer.");

        long t0 = System.nanoTime();
        TurnResult result = runtime.submit("poster", event()).get(30, TimeUnit.SECONDS);
        System.out.println("timed-out turn and its retry took " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        assertThat(result.error()).isEmpty();
        assertThat(oldTurnMarkedAnswered.getCount()).as("the abandoned turn's tool did mark its event answered").isZero();
        assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThat(result.toolCalls()).extracting(ToolCall::tool).containsExactly("check_thread");
        assertThat(replies).containsExactly("e1->Here is my answer.");
        assertThat(model.requests()).hasSize(4);
    }

    @Test
    void aToolOfTheSameTurnThatAnsweredSilencesTheChannelReply() throws Exception {
        register(tool("post_in_thread", (a, c) -> {
            c.markEventAnswered();
            return "posted";
        }));
        model.thenToolCall("post_in_thread", "{}").thenReply("I posted it in the thread.");

        TurnResult result = runtime.submit("poster", event()).get(30, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThat(result.reply()).contains("I posted it in the thread.");
        assertThat(replies).isEmpty();
    }

    /**
     * A first turn, by an agent without a tight timeout, loads what a cold JVM loads once (the HTTP
     * client, the token encoding), so the timed turns measure only themselves.
     */
    private void warmUp() throws Exception {
        runtime.register(Agent.builder("warm").persona(PERSONA).model(model.chatModel()).build());
        model.thenReply("Ready.");
        TurnResult ready = runtime.submit("warm", Event.of("e0", "local", "alice", "chat-0", "ready?", Trust.OWNER)).get(60, TimeUnit.SECONDS);
        assertThat(ready.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
    }

    private void register(Tool... tools) {
        Limits limits = new Limits(6, 2_000, 900, 5, 300, 0, Duration.ofSeconds(2), 2, 100, Limits.Overflow.REJECT);
        Agent.Builder agent = Agent.builder("poster").persona(PERSONA).model(model.chatModel()).limits(limits).channel(channel());
        for (Tool tool : tools) {
            agent.tool(tool);
        }
        runtime.register(agent.build());
        runtime.start();
    }

    private static Event event() {
        return Event.of("e1", "local", "alice", "chat-1", "what's new in the thread?", Trust.OWNER);
    }

    private Channel channel() {
        return new Channel() {
            @Override
            public String source() {
                return "local";
            }

            @Override
            public String reply(Event event, String text, String idempotencyKey) {
                replies.add(event.id() + "->" + text);
                return "posted-" + replies.size();
            }
        };
    }

    private static Tool tool(String name, BiFunction<ToolArguments, ToolContext, String> body) {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name(name).description(name).parameters(JsonObjectSchema.builder().build()).build();
            }

            @Override
            public Effect effect() {
                return Effect.READ;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(20);
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                return body.apply(arguments, context);
            }
        };
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean interrupted = false;
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
