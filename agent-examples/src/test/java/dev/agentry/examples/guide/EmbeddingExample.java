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
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/** The README's embedding example, compiled by the build so that it stays true. */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    /**
     * Runs the example (needs {@code OPENAI_API_KEY}, or {@code OPENAI_BASE_URL} for a local
     * endpoint, and a {@code sage.json} persona).
     *
     * @param args unused
     */
    public static void main(String[] args) {
        String endpoint = System.getenv().getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1");
        run(endpoint, System.getenv("OPENAI_API_KEY"), Path.of("sage.json"), Path.of("agentry.db"), System.out);
    }

    /**
     * The example's body: one question to an agent, and what became of the turn.
     *
     * @param endpoint the OpenAI-compatible endpoint
     * @param apiKey its API key
     * @param persona the persona file
     * @param db the store's file
     * @param out where the answer, or why there is none, is printed
     * @return the turn
     */
    static TurnResult run(String endpoint, String apiKey, Path persona, Path db, PrintStream out) {
        ChatModel model = OpenAiChatModel.builder().baseUrl(endpoint).apiKey(apiKey).modelName("gpt-4o-mini").build();

        Agent agent = Agent.builder("sage")
                .persona(Persona.load(persona))                       // Agentry or ElizaOS character JSON
                .model(model)
                .toolsFrom(new Calculator())                          // LangChain4j @Tool methods, or Tool implementations
                .policy(StandardPolicy.builder()
                        .spendCap("ETH", new BigDecimal("0.05"), Duration.ofDays(1))
                        .build())
                .build();

        // AgentryStore embeds with the model on the class path: add agent-embeddings-minilm (or pass embeddingModel(...))
        try (AgentryStore store = AgentryStore.sqlite(db);                       // memory, journal, cursors
                AgentRuntime runtime = AgentRuntime.builder().journal(store).memory(store).cursors(store).build()) {
            runtime.register(agent);
            runtime.start();
            TurnResult turn = runtime.submit("sage", Event.of("msg-1", "console", "alice", "chat-1", "what is 0.1 + 0.2?", Trust.OWNER)).join();
            switch (turn.outcome()) {
                case REPLIED -> out.println(turn.reply().orElseThrow());
                case SILENT -> out.println("(sage chose not to answer)");
                default -> out.println("the turn " + turn.outcome() + ": " + turn.error().orElse("no reason given") + " (model at " + endpoint + ")");
            }
            return turn;
        }
    }
}
