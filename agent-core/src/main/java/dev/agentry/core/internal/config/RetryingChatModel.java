package dev.agentry.core.internal.config;

import dev.agentry.core.ChatModels.Backoff;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps any {@link ChatModel} with retries on LangChain4j's {@link RateLimitException},
 * {@link InternalServerException} and {@link TimeoutException}, using {@link Backoff}'s
 * jittered exponential delays ({@code Retry-After} is not visible at this level). The retries run
 * on Failsafe, like {@link dev.agentry.core.HttpRetry}'s. The delegate's
 * listeners fire once per attempt; this wrapper has none of its own.
 *
 * <p>Thread-safe if the delegate is.
 */
public final class RetryingChatModel implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingChatModel.class);

    private final ChatModel delegate;
    private final int maxAttempts;
    private final Backoff backoff;

    /**
     * Wraps a model.
     *
     * @param delegate the model
     * @param maxAttempts attempts per call, at least 1
     * @param backoff delays between attempts
     */
    public RetryingChatModel(ChatModel delegate, int maxAttempts, Backoff backoff) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    @Override
    public ChatResponse chat(ChatRequest chatRequest, ChatRequestOptions options) {
        RetryPolicy<ChatResponse> policy = RetryPolicy.<ChatResponse>builder()
                .handle(RateLimitException.class, InternalServerException.class, TimeoutException.class)
                .withMaxAttempts(maxAttempts)
                .withDelayFn(context -> {
                    Duration wait = backoff.delay(context.getAttemptCount());
                    LOG.info("model call failed with {}; retry {} of {} in {} ms", context.getLastException().getClass().getSimpleName(),
                            context.getAttemptCount(), maxAttempts - 1, wait.toMillis());
                    return wait;
                })
                .build();
        return Failsafe.with(policy).get(() -> delegate.chat(chatRequest, options));
    }

    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        return chat(chatRequest, ChatRequestOptions.EMPTY);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    @Override
    public String toString() {
        return "RetryingChatModel[" + delegate.getClass().getSimpleName() + ", maxAttempts=" + maxAttempts + "]";
    }
}
