package dev.agentry.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach a chat model. {@code toString()} never shows the API key (it is a {@link Secret}).
 *
 * @param provider {@code "openai"} (any OpenAI-compatible endpoint: OpenAI, Ollama, vLLM,
 *     OpenRouter...) or {@code "anthropic"}, in lower case
 * @param baseUrl the endpoint's base URL, if not the provider's default
 * @param modelName the model name
 * @param apiKey the API key (may be empty for local endpoints)
 * @param timeout per-request timeout
 * @param maxAttempts attempts per model call on 429, 5xx and timeouts, at least 1
 * @param maxOutputTokens most tokens per completion, if limited
 */
public record ModelConfig(
        String provider,
        Optional<String> baseUrl,
        String modelName,
        Secret apiKey,
        Duration timeout,
        int maxAttempts,
        Optional<Integer> maxOutputTokens) {

    /** The {@code provider} value for OpenAI and OpenAI-compatible endpoints. */
    public static final String OPENAI = "openai";
    /** The {@code provider} value for Anthropic's Messages API. */
    public static final String ANTHROPIC = "anthropic";
    /** The providers {@link ChatModels#create(ModelConfig)} can build. */
    public static final Set<String> PROVIDERS = Set.of(OPENAI, ANTHROPIC);
    /** Default per-request timeout: 60 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default attempts per model call: 4. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    /**
     * Checks arguments and normalises the provider name to lower case.
     *
     * @throws IllegalArgumentException for a blank provider or model name, a non-positive timeout,
     *     fewer than one attempt or a non-positive output limit
     */
    public ModelConfig {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("ModelConfig.provider must not be blank");
        }
        provider = provider.strip().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = baseUrl.filter(url -> !url.isBlank());
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("ModelConfig.modelName must not be blank");
        }
        Objects.requireNonNull(apiKey, "apiKey");
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ModelConfig.timeout must be positive, was " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ModelConfig.maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        if (maxOutputTokens.isPresent() && maxOutputTokens.get() < 1) {
            throw new IllegalArgumentException("ModelConfig.maxOutputTokens must be at least 1, was " + maxOutputTokens.get());
        }
    }

    /**
     * An OpenAI-compatible model with default timeout and attempts and no output limit.
     *
     * @param baseUrl the endpoint, such as {@code "https://api.openai.com/v1"} or
     *     {@code "http://localhost:11434/v1"} for Ollama
     * @param modelName the model name
     * @param apiKey the API key; an empty secret for local endpoints that need none
     * @return the settings
     */
    public static ModelConfig openAi(String baseUrl, String modelName, Secret apiKey) {
        return new ModelConfig(OPENAI, Optional.of(baseUrl), modelName, apiKey, DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, Optional.empty());
    }

    /**
     * An Anthropic model at Anthropic's default endpoint, with default timeout and attempts and no
     * output limit.
     *
     * @param modelName the model name
     * @param apiKey the API key
     * @return the settings
     */
    public static ModelConfig anthropic(String modelName, Secret apiKey) {
        return new ModelConfig(ANTHROPIC, Optional.empty(), modelName, apiKey, DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, Optional.empty());
    }

    /**
     * Returns a copy with another base URL.
     *
     * @param url the base URL
     * @return the copy
     */
    public ModelConfig withBaseUrl(String url) {
        return new ModelConfig(provider, Optional.of(url), modelName, apiKey, timeout, maxAttempts, maxOutputTokens);
    }

    /**
     * Returns a copy with another attempt count.
     *
     * @param attempts attempts per model call, at least 1
     * @return the copy
     */
    public ModelConfig withMaxAttempts(int attempts) {
        return new ModelConfig(provider, baseUrl, modelName, apiKey, timeout, attempts, maxOutputTokens);
    }

    /**
     * Returns a copy with another per-request timeout.
     *
     * @param requestTimeout the timeout
     * @return the copy
     */
    public ModelConfig withTimeout(Duration requestTimeout) {
        return new ModelConfig(provider, baseUrl, modelName, apiKey, requestTimeout, maxAttempts, maxOutputTokens);
    }

    /**
     * Returns a copy with an output token limit.
     *
     * @param tokens most tokens per completion, at least 1
     * @return the copy
     */
    public ModelConfig withMaxOutputTokens(int tokens) {
        return new ModelConfig(provider, baseUrl, modelName, apiKey, timeout, maxAttempts, Optional.of(tokens));
    }
}
