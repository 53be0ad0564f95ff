package dev.agentry.core;

import dev.langchain4j.model.chat.ChatModel;

/**
 * Builds LangChain4j chat models from {@link ModelConfig}, with retries that honour
 * {@code Retry-After}.
 *
 * <p>SKELETON: being implemented.
 */
public final class ChatModels {
    private ChatModels() {}

    /**
     * Builds a chat model.
     *
     * @param config the settings
     * @return the model
     */
    public static ChatModel create(ModelConfig config) {
        throw new ConfigException("model wiring not implemented yet");
    }
}
