package dev.agentry.core;

import dev.agentry.core.internal.config.RetryingChatModel;
import dev.agentry.core.internal.config.RetryingHttpClient;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.Objects;

/**
 * Builds LangChain4j chat models from {@link ModelConfig}, with retries that honour
 * {@code Retry-After}.
 *
 * <p>LangChain4j's own retries are switched off ({@code maxRetries(0)}); instead the model's HTTP
 * client retries 429, 5xx, timeouts and I/O errors up to {@link ModelConfig#maxAttempts()} times
 * with exponential backoff and full jitter ({@link RetryBackoff}), waiting as long as a
 * {@code Retry-After} header asks (capped). Other 4xx answers fail at once. After the last attempt
 * the caller sees LangChain4j's usual exceptions ({@code RateLimitException},
 * {@code InternalServerException}, {@code TimeoutException}, {@code InvalidRequestException}...).
 * Retries are logged at INFO without headers or bodies.
 *
 * <p>Thread-safe; the models built are thread-safe.
 */
public final class ChatModels {
    /** The API key sent to endpoints that need none (Ollama, vLLM): the OpenAI client requires one. */
    static final String NO_KEY = "not-needed";

    private ChatModels() {}

    /**
     * Builds a chat model with {@link RetryBackoff#defaults()}.
     *
     * @param config the settings
     * @return the model
     * @throws ConfigException for an unknown provider
     */
    public static ChatModel create(ModelConfig config) {
        return create(config, RetryBackoff.defaults());
    }

    /**
     * Builds a chat model: {@code openai} gives an {@link OpenAiChatModel} (OpenAI, Ollama, vLLM,
     * OpenRouter and other OpenAI-compatible endpoints, chosen by the base URL; an empty API key is
     * allowed for local endpoints), {@code anthropic} an {@link AnthropicChatModel}.
     *
     * @param config the settings
     * @param backoff the delays between attempts
     * @return the model
     * @throws ConfigException for an unknown provider
     */
    public static ChatModel create(ModelConfig config, RetryBackoff backoff) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backoff, "backoff");
        RetryingHttpClient.Builder http = RetryingHttpClient.builder(config.maxAttempts(), backoff);
        String key = config.apiKey().isEmpty() ? NO_KEY : config.apiKey().reveal();
        return switch (config.provider()) {
            case ModelConfig.OPENAI -> {
                OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                        .httpClientBuilder(http)
                        .apiKey(key)
                        .modelName(config.modelName())
                        .timeout(config.timeout())
                        .maxRetries(0);
                config.baseUrl().ifPresent(b::baseUrl);
                config.maxOutputTokens().ifPresent(b::maxCompletionTokens);
                yield b.build();
            }
            case ModelConfig.ANTHROPIC -> {
                AnthropicChatModel.AnthropicChatModelBuilder b = AnthropicChatModel.builder()
                        .httpClientBuilder(http)
                        .apiKey(key)
                        .modelName(config.modelName())
                        .timeout(config.timeout())
                        .maxRetries(0);
                config.baseUrl().ifPresent(b::baseUrl);
                config.maxOutputTokens().ifPresent(b::maxTokens);
                yield b.build();
            }
            default -> throw new ConfigException("model provider \"" + config.provider() + "\" is not supported; expected one of "
                    + ModelConfig.PROVIDERS.stream().sorted().toList());
        };
    }

    /**
     * Wraps an application-built chat model with retries on LangChain4j's
     * {@code RateLimitException}, {@code InternalServerException} and {@code TimeoutException},
     * using {@link RetryBackoff#defaults()}. Give the delegate no retries of its own
     * ({@code maxRetries(0)}), or attempts multiply.
     *
     * @param delegate the model
     * @param maxAttempts attempts per call, at least 1
     * @return the wrapped model
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public static ChatModel withRetries(ChatModel delegate, int maxAttempts) {
        return withRetries(delegate, maxAttempts, RetryBackoff.defaults());
    }

    /**
     * Wraps an application-built chat model with retries, with the given delays.
     *
     * @param delegate the model
     * @param maxAttempts attempts per call, at least 1
     * @param backoff the delays between attempts
     * @return the wrapped model
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public static ChatModel withRetries(ChatModel delegate, int maxAttempts, RetryBackoff backoff) {
        return new RetryingChatModel(delegate, maxAttempts, backoff);
    }
}
