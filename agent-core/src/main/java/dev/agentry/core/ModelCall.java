package dev.agentry.core;

import java.time.Duration;

/**
 * One call to the chat model within a turn.
 *
 * @param inputTokens prompt tokens as reported by the provider (0 if not reported)
 * @param outputTokens completion tokens as reported by the provider (0 if not reported)
 * @param duration wall-clock time of the call, retries included
 * @param finishReason the provider's finish reason, or {@code "unknown"}
 */
public record ModelCall(int inputTokens, int outputTokens, Duration duration, String finishReason) {}
