package dev.agentry.memory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentry.core.MemoryItem;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reflection through LangChain4j's real OpenAI client against a WireMock chat-completions endpoint. */
class ReflectionTest {
    @TempDir
    Path tmp;
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        String content = "{\\\"fact\\\": \\\"Alice is allergic to peanuts\\\", \\\"importance\\\": 0.9}\\n"
                + "not json\\n{\\\"fact\\\": \\\"Alice lives in Porto\\\", \\\"importance\\\": 0.6}";
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\"total_tokens\":150}}")));
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    @Test
    void everyNMessagesOneCallStoresFacts() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(wm.baseUrl() + "/v1").apiKey("test-key").modelName("gpt-4o-mini").build();
        try (AgentryStore store = AgentryStore.builder().sqlite(tmp.resolve("r.db")).embeddingModel(new HashEmbeddingModel(64), "h")
                .reflection(model, 3).build()) {
            store.remember(MemoryItem.message("bot", "dm-1", "alice", "hi! I just moved to Porto"));
            store.remember(MemoryItem.message("bot", "dm-1", "bot", "welcome to Porto!"));
            // reflection runs in the background once the N-th message is committed: flush() waits for both
            store.flush();
            wm.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
            store.remember(MemoryItem.message("bot", "dm-1", "alice", "careful with snacks, peanuts make me ill"));
            store.flush();
            wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("peanuts make me ill")));
            List<MemoryItem> facts = store.recall(new dev.agentry.core.RecallQuery("bot", "alice allergy", 5, java.util.Set.of(MemoryItem.Kind.FACT),
                    java.util.Optional.empty(), 0));
            assertThat(facts).extracting(MemoryItem::text).containsExactlyInAnyOrder("Alice is allergic to peanuts", "Alice lives in Porto");
            assertThat(facts).allMatch(f -> f.conversation().equals(java.util.Optional.of("dm-1")) && f.metadata().get("source").equals("reflection"));
            assertThat(store.reflect("bot", "dm-1")).as("known facts are not stored twice").isEmpty();
        }
    }
}
