package dev.agentry.core;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach a chat model.
 *
 * @param provider {@code "openai"} (any OpenAI-compatible endpoint) or {@code "anthropic"}
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
        Optional<Integer> maxOutputTokens) {}
