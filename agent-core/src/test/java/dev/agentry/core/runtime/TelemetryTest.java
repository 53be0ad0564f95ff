package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.Trust;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Model and tool calls are timed with their tags, and observed as children of their turn. */
class TelemetryTest {

    @Test
    void modelAndToolCallsAreTimedAndObservedUnderTheirTurn() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        QueueModel model = new QueueModel().toolCall("note", "{\"to\":\"bob\"}").reply("done");
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).meterRegistry(meters).observationRegistry(observations).build()) {
            runtime.register(Agent.builder("a1").persona(Persona.of("A", "Notes.")).model(model).tool(FakeTool.of("note", Effect.POST)).build());
            runtime.start();
            runtime.submit("a1", Event.of("e1", "local", "alice", "c1", "note it", Trust.OWNER)).get(10, TimeUnit.SECONDS);
        }

        assertThat(meters.get("agentry.model.calls").tag("agent", "a1").tag("model", QueueModel.NAME).tag("outcome", "ok").timer().count())
                .isEqualTo(2);
        var tool = meters.get("agentry.tool.calls").tag("agent", "a1").tag("tool", "note").tag("outcome", "ok").timer();
        assertThat(tool.count()).isEqualTo(1);
        assertThat(tool.totalTime(TimeUnit.NANOSECONDS)).isPositive();

        assertThat(stopped).extracting(Observation.Context::getName)
                .containsExactly("agentry.model.call", "agentry.tool.call", "agentry.model.call", "agentry.turn");
        Observation.Context turn = stopped.get(3);
        assertThat(turn.getLowCardinalityKeyValue("outcome")).isEqualTo(KeyValue.of("outcome", "replied"));
        assertThat(stopped.subList(0, 3)).allSatisfy(child -> {
            assertThat(child.getParentObservation()).isNotNull();
            assertThat(child.getParentObservation().getContextView()).isSameAs(turn);
        });
        assertThat(stopped.get(1).getLowCardinalityKeyValue("tool")).isEqualTo(KeyValue.of("tool", "note"));
        assertThat(stopped.get(0).getLowCardinalityKeyValue("model")).isEqualTo(KeyValue.of("model", QueueModel.NAME));
    }
}
