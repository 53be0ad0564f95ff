package dev.agentry.examples;

import dev.agentry.core.ChatModels;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.Secret;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the sample bots' model from environment variables: {@code OPENAI_API_KEY} and/or
 * {@code OPENAI_BASE_URL} (OpenAI, Ollama, vLLM, OpenRouter…, model {@code OPENAI_MODEL}), else
 * {@code ANTHROPIC_API_KEY} (model {@code ANTHROPIC_MODEL}), else the offline demo model. A model
 * that fails names its endpoint and the reason in the turn's error (never the key).
 */
public final class Models {
    private Models() {}

    /**
     * A chosen model and a one-line description of it.
     *
     * @param model the model
     * @param description what it is, for the console
     * @param demo whether it is the offline demo model
     */
    public record Choice(ChatModel model, String description, boolean demo) {}

    /**
     * Picks the model from the environment.
     *
     * @param env the environment
     * @param demo the demo model to use when nothing is configured
     * @return the choice
     */
    public static Choice fromEnvironment(Map<String, String> env, DemoModel demo) {
        Optional<String> openAiKey = value(env, "OPENAI_API_KEY");
        Optional<String> openAiUrl = value(env, "OPENAI_BASE_URL");
        if (openAiKey.isPresent() || openAiUrl.isPresent()) {
            String model = value(env, "OPENAI_MODEL").orElse("gpt-4o-mini");
            String url = openAiUrl.orElse("https://api.openai.com/v1");
            ModelConfig config = new ModelConfig("openai", Optional.of(url), model,
                    Secret.of(openAiKey.orElse(""), "${OPENAI_API_KEY}"), Duration.ofSeconds(60), 4, Optional.of(512));
            return new Choice(new EndpointNamingModel(ChatModels.create(config), url, openAiKey.orElse("")),
                    "OpenAI-compatible model " + model + " at " + EndpointNamingModel.shown(url), false);
        }
        Optional<String> anthropicKey = value(env, "ANTHROPIC_API_KEY");
        if (anthropicKey.isPresent()) {
            String model = value(env, "ANTHROPIC_MODEL").orElse("claude-3-5-haiku-latest");
            ModelConfig config = new ModelConfig("anthropic", value(env, "ANTHROPIC_BASE_URL"), model,
                    Secret.of(anthropicKey.get(), "${ANTHROPIC_API_KEY}"), Duration.ofSeconds(60), 4, Optional.of(512));
            String url = value(env, "ANTHROPIC_BASE_URL").orElse("https://api.anthropic.com/v1");
            return new Choice(new EndpointNamingModel(ChatModels.create(config), url, anthropicKey.get()),
                    "Anthropic model " + model + " at " + EndpointNamingModel.shown(url), false);
        }
        return new Choice(demo, "no model configured (set OPENAI_API_KEY, OPENAI_BASE_URL or ANTHROPIC_API_KEY): "
                + "running on the OFFLINE DEMO MODEL, which only understands a few fixed phrasings", true);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
