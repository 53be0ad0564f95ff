package app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the application lets the running turn finish (the mailbox drains) and refuses new events. */
class GracefulShutdownTest {

    @Test
    void closingTheApplicationDrainsTheRunningTurn() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TellerApplication.class)
                .properties(Endpoints.properties()).properties("server.port=0").run();
        AgentRuntime runtime = app.getBean(AgentRuntime.class);
        int before = Endpoints.MODEL.requests().size();
        Endpoints.MODEL.thenSlowReply(Duration.ofSeconds(2), "Still here: finished before the shutdown.");

        CompletableFuture<TurnResult> running = runtime.submit("teller", Event.of("slow-1", "http", "owner", "web", "Take your time.", Trust.OWNER));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Endpoints.MODEL.requests().size() == before) {
            assertThat(System.nanoTime()).as("the turn reached the model").isLessThan(deadline);
            Thread.sleep(10);
        }
        app.close();

        assertThat(running).isDone();
        assertThat(running.get().outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
        assertThat(running.get().reply()).hasValue("Still here: finished before the shutdown.");
        CompletableFuture<TurnResult> late = runtime.submit("teller", Event.of("late-1", "http", "owner", "web", "Hello?", Trust.OWNER));
        assertThat(late).isCompletedExceptionally();
        assertThat(late.exceptionNow()).isInstanceOf(RejectedExecutionException.class);
    }
}
