package dev.agentry.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Secret;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every route the API serves is in openapi.json, and every API path there is served. */
class OpenApiTest {

    @Test
    void theSpecListsExactlyTheServedRoutes() throws Exception {
        JsonNode spec;
        try (InputStream in = OpenApiTest.class.getResourceAsStream("/dev/agentry/console/web/openapi.json")) {
            spec = Wire.JSON.readTree(in);
        }
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).build()) {
            Series series = new Series();
            ConsoleParts parts = new ConsoleParts(runtime, new EventFeed(10, series), series, Resolutions.inMemory(),
                    new Operators(Map.of("op", Secret.of("x".repeat(20), "${T}")), Clock.systemUTC()), Clock.systemUTC());
            Set<String> served = new HashSet<>();
            for (Route route : new ApiServlet(parts).routes()) {
                served.add(route.method() + " " + route.template());
                assertThat(spec.get("paths").has(route.template())).as(route.template() + " is in openapi.json").isTrue();
                assertThat(spec.get("paths").get(route.template()).has(route.method().toLowerCase())).as(route + " method").isTrue();
            }
            Set<String> documented = new HashSet<>();
            spec.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (path.getKey().startsWith("/api/") && !op.getKey().equals("parameters")) {
                    documented.add(op.getKey().toUpperCase() + " " + path.getKey());
                }
            }));
            assertThat(served).hasSize(13).isEqualTo(documented);
        }
        assertThat(spec.get("openapi").asString()).startsWith("3.1");
    }
}
