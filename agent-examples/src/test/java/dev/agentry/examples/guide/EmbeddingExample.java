package dev.agentry.examples.guide;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.Persona;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.examples.Calculator;
import dev.agentry.memory.AgentryStore;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/** The README's embedding example, compiled by the build so that it stays true. */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    /**
     * Runs the example (needs {@code OPENAI_API_KEY} and a {@code sage.json} persona).
     *
     * @param args unused
     */
    public static void main(String[] args) {
        ChatModel model = OpenAiChatModel.builder().apiKey(System.getenv("OPENAI_API_KEY")).modelName("gpt-4o-mini").build();

        Agent agent = Agent.builder("sage")
                .persona(Persona.load(Path.of("sage.json")))          // Agentry or ElizaOS character JSON
                .model(model)
                .toolsFrom(new Calculator())                          // LangChain4j @Tool methods, or Tool implementations
                .policy(StandardPolicy.builder()
                        .spendCap("ETH", new BigDecimal("0.05"), Duration.ofDays(1))
                        .build())
                .build();

        try (AgentryStore store = AgentryStore.sqlite(Path.of("agentry.db"));     // memory, journal, cursors
                AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).build()) {
            runtime.register(agent);
            runtime.start();
            TurnResult turn = runtime.submit("sage", Event.of("msg-1", "console", "alice", "chat-1", "what is 0.1 + 0.2?", Trust.OWNER)).join();
            System.out.println(turn.reply().orElse("(silent)"));
        }
    }
}
