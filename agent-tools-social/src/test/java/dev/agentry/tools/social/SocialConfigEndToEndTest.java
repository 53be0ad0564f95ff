package dev.agentry.tools.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Persona;
import dev.agentry.testkit.ScriptedModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a real agent configuration: the runtime finds the social plugin, a disabled feed (empty
 * token) is skipped, and a post typed into the local JSONL feed is answered in it.
 */
class SocialConfigEndToEndTest {

    @Test
    void configuredLocalFeedIsPolledAndAnswered(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("feed.jsonl");
        try (ScriptedModel model = ScriptedModel.start()) {
            model.thenReply("Hello Alice!");
            String json = """
                    {"agent": {"id": "bot"},
                     "model": {"provider": "openai", "baseUrl": "%s", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY}"},
                     "plugins": ["social"],
                     "feeds": {
                       "local": {"file": "%s", "owner": ["alice"], "pollInterval": "PT0.05S"},
                       "telegram": {"botToken": "${TELEGRAM_BOT_TOKEN:-}"}
                     }}
                    """.formatted(model.baseUrl(), file.toString().replace("\\", "/"));
            AgentConfig config = AgentConfig.parse(json, "test.agent.json", Map.of("OPENAI_API_KEY", "test-key"));
            LocalFeed.builder().file(file).build().append("alice", "hi bot");

            try (AgentRuntime runtime = AgentRuntime.builder().build()) {
                runtime.register(Agent.builder("bot").persona(Persona.of("Bot", "A bot.")).config(config).model(model.chatModel()).build());
                assertThat(runtime.toolNames("bot")).contains("social_post", "social_reply", "social_lookup");
                runtime.start();
                LocalFeed reader = LocalFeed.builder().file(file).build();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (reader.posts().size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(reader.posts()).extracting(p -> p.author().id() + ": " + p.text())
                        .containsExactly("alice: hi bot", "agent: Hello Alice!");
                assertThat(reader.posts().get(1).inReplyTo()).contains("1");
            }
        }
    }
}
