package dev.agentry.core;

import dev.agentry.core.internal.config.RetryingChatModel;
import dev.agentry.core.internal.config.RetryingHttpClient;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds LangChain4j chat models from {@link ModelConfig}, with retries that honour
 * {@code Retry-After}.
 *
 * <p>LangChain4j's own retries are switched off ({@code maxRetries(0)}); instead the model's HTTP
 * client retries, through {@link HttpRetry}, 429, 5xx, timeouts and I/O errors up to {@link ModelConfig#maxAttempts()} times
 * with exponential backoff and full jitter ({@link Backoff}), waiting as long as a
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
     * Builds a chat model with {@link Backoff#defaults()}.
     *
     * @param config the settings
     * @return the model
     * @throws ConfigException for an unknown provider
     */
    public static ChatModel create(ModelConfig config) {
        return create(config, Backoff.defaults());
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
    public static ChatModel create(ModelConfig config, Backoff backoff) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backoff, "backoff");
        RetryingHttpClient.Builder http = RetryingHttpClient.builder(backoff.toHttpRetry(config.maxAttempts()));
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
     * using {@link Backoff#defaults()}. Give the delegate no retries of its own
     * ({@code maxRetries(0)}), or attempts multiply.
     *
     * @param delegate the model
     * @param maxAttempts attempts per call, at least 1
     * @return the wrapped model
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public static ChatModel withRetries(ChatModel delegate, int maxAttempts) {
        return withRetries(delegate, maxAttempts, Backoff.defaults());
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
    public static ChatModel withRetries(ChatModel delegate, int maxAttempts, Backoff backoff) {
        return new RetryingChatModel(delegate, maxAttempts, backoff);
    }

    /**
     * Delays between attempts of a model call: exponential backoff with full jitter (a random delay
     * between zero and {@code min(maxDelay, baseDelay * 2^(retry - 1))}), unless the server says how
     * long to wait with {@code Retry-After}, which is honoured up to {@code maxRetryAfter}.
     *
     * @param baseDelay the first retry's upper bound, positive
     * @param maxDelay the largest computed delay, at least {@code baseDelay}
     * @param maxRetryAfter the longest {@code Retry-After} wait honoured; longer ones are cut to this
     */
    public record Backoff(Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

        /**
         * Checks arguments.
         *
         * @throws IllegalArgumentException for non-positive durations or {@code maxDelay < baseDelay}
         */
        public Backoff {
            positive(baseDelay, "baseDelay");
            positive(maxDelay, "maxDelay");
            positive(maxRetryAfter, "maxRetryAfter");
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("Backoff.maxDelay (" + maxDelay + ") must not be below baseDelay (" + baseDelay + ")");
            }
        }

        /**
         * The defaults: 500 ms base, 20 s cap, {@code Retry-After} honoured up to 60 s.
         *
         * @return the defaults
         */
        public static Backoff defaults() {
            return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60));
        }

        /**
         * Returns the delay before a retry, with full jitter. Thread-safe.
         *
         * @param retry the retry number, 1 for the first retry
         * @return a random delay between zero and the capped exponential bound
         */
        public Duration delay(int retry) {
            return HttpRetry.fullJitter(baseDelay, maxDelay, retry);
        }

        /**
         * Returns the {@link HttpRetry} these delays describe.
         *
         * @param maxAttempts attempts per request, at least 1
         * @return the retry
         * @throws IllegalArgumentException if {@code maxAttempts < 1}
         */
        public HttpRetry toHttpRetry(int maxAttempts) {
            return HttpRetry.builder().maxAttempts(maxAttempts).backoff(baseDelay, maxDelay).maxRetryAfter(maxRetryAfter).build();
        }

        /**
         * Caps a server-requested wait at {@link #maxRetryAfter()}.
         *
         * @param requested the wait from {@code Retry-After}
         * @return the wait to honour, never negative
         */
        public Duration retryAfter(Duration requested) {
            if (requested.isNegative()) {
                return Duration.ZERO;
            }
            return requested.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : requested;
        }

        private static void positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("Backoff." + name + " must be positive, was " + d);
            }
        }
    }
}
