package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Channel;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Limits;
import dev.agentry.core.Persona;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 100 agents × 100 events over real HTTP: per-agent order kept, nothing lost, nothing duplicated. */
class RuntimeScaleTest {

    @Test
    void hundredAgentsTimesHundredEventsKeepOrderAndLoseNothing() throws Exception {
        int agents = 100;
        int events = 100;
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        try (ScriptedModel model = ScriptedModel.start()) {
            model.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/chat/completions").atPriority(5)
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("""
                            {"id":"c","object":"chat.completion","created":1,"model":"m",
                             "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
                             "usage":{"prompt_tokens":50,"completion_tokens":1,"total_tokens":51}}""")));
            InMemoryJournal journal = new InMemoryJournal();
            var chatModel = model.chatModel();
            try (AgentRuntime runtime = AgentRuntime.builder().journal(journal).build()) {
                for (int a = 0; a < agents; a++) {
                    String id = "agent-" + a;
                    seen.put(id, new CopyOnWriteArrayList<>());
                    runtime.register(Agent.builder(id).persona(Persona.of("Bot " + a, "A test bot."))
                            .model(chatModel)
                            .limits(Limits.defaults().withMailbox(events, Limits.Overflow.REJECT))
                            .channel(new Channel() {
                                @Override
                                public String source() {
                                    return "local";
                                }

                                @Override
                                public String reply(Event event, String text, String key) {
                                    seen.get(id).add(event.id());
                                    return "";
                                }
                            })
                            .build());
                }
                runtime.start();
                List<CompletableFuture<TurnResult>> futures = new ArrayList<>();
                for (int e = 0; e < events; e++) {
                    for (int a = 0; a < agents; a++) {
                        futures.add(runtime.submit("agent-" + a, Event.of("agent-" + a + "-e" + e, "local", "user", "c", "message " + e, Trust.TRUSTED)));
                    }
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
                assertThat(futures).allSatisfy(f -> assertThat(f.join().outcome()).isEqualTo(TurnResult.Outcome.REPLIED));
                for (int a = 0; a < agents; a++) {
                    String id = "agent-" + a;
                    List<String> expected = new ArrayList<>();
                    for (int e = 0; e < events; e++) {
                        expected.add(id + "-e" + e);
                    }
                    assertThat(seen.get(id)).as("order of %s", id).containsExactlyElementsOf(expected);
                    assertThat(journal.pending(id)).isEmpty();
                    assertThat(journal.deadLetters(id)).isEmpty();
                }
            }
        }
    }
}
