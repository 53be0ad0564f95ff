package dev.agentry.runner;

import dev.agentry.core.AgentConfig;
import dev.agentry.core.ModelConfig;
import dev.langchain4j.model.chat.ChatModel;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

/**
 * Chooses a bot's model: the one its {@code model} section configures, or, when that has no API
 * key and its endpoint is a hosted provider's (which would refuse every call), the bot's offline
 * demo model ({@code demo.json}, {@link DemoModel}). A configured model that fails names its
 * endpoint and the reason in the turn's error, never the key ({@link EndpointNamingModel}).
 *
 * @param model the model
 * @param description what it is, in one line
 */
record ModelChoice(ChatModel model, String description) {
    private static final Map<String, String> DEFAULT_ENDPOINTS = Map.of(ModelConfig.OPENAI, "https://api.openai.com/v1",
            ModelConfig.ANTHROPIC, "https://api.anthropic.com/v1");
    private static final Set<String> HOSTED = Set.of("api.openai.com", "api.anthropic.com");

    /**
     * Returns the endpoint the model section calls.
     *
     * @param model the section
     * @return its base URL, or the provider's
     */
    static String endpoint(ModelConfig model) {
        return model.baseUrl().filter(u -> !u.isBlank()).orElse(DEFAULT_ENDPOINTS.get(model.provider()));
    }

    /**
     * Returns whether the bot runs on its demo model: no API key for a hosted provider.
     *
     * @param model the model section
     * @return {@code true} for the demo model
     */
    static boolean demo(ModelConfig model) {
        if (!model.apiKey().isEmpty()) {
            return false;
        }
        try {
            return HOSTED.contains(URI.create(endpoint(model).strip()).getHost());
        } catch (IllegalArgumentException notAUrl) {
            return false;
        }
    }

    /**
     * Reports a bot that would need its demo model but has none.
     *
     * @param model the model section
     * @param folder the bot folder
     * @param file the configuration file as shown
     * @param problems where to report
     */
    static void check(ModelConfig model, BotFolder folder, String file, Problems problems) {
        if (demo(model) && !Files.isRegularFile(folder.demo())) {
            problems.add(file, "$.model.apiKey", "is empty (" + model.apiKey().origin() + "), and " + endpoint(model)
                    + " needs a key: set it, point baseUrl at a local model, or add a demo.json for the offline demo model");
        }
    }

    /**
     * Chooses the model.
     *
     * @param config the configuration
     * @param folder the bot folder
     * @return the choice
     */
    static ModelChoice of(AgentConfig config, BotFolder folder) {
        ModelConfig model = config.model();
        String endpoint = endpoint(model);
        if (demo(model)) {
            return new ModelChoice(DemoModel.load(folder.demo()), "no API key for " + EndpointNamingModel.shown(endpoint) + " ("
                    + model.apiKey().origin() + " is empty): running on the OFFLINE DEMO MODEL, which only understands the phrasings in demo.json");
        }
        String kind = model.provider().equals(ModelConfig.ANTHROPIC) ? "Anthropic model " : "OpenAI-compatible model ";
        return new ModelChoice(new EndpointNamingModel(config.chatModel(), endpoint, model.apiKey().reveal()),
                kind + model.modelName() + " at " + EndpointNamingModel.shown(endpoint));
    }
}
