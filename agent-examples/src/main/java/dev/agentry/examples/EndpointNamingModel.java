package dev.agentry.examples;

import dev.agentry.core.AgentryException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Set;

/**
 * A chat model whose failures say which endpoint failed and why in plain words ("the model at
 * http://127.0.0.1:11434/v1 could not be reached: connection refused"), so a bot whose model is
 * down says so instead of leaving the user to guess. The endpoint is shown without user info or
 * query (where credentials could hide), and the API key is scrubbed from the reason.
 * Thread-safe when the delegate is.
 */
final class EndpointNamingModel implements ChatModel {
    private final ChatModel delegate;
    private final String endpoint;
    private final String apiKey;

    /**
     * Wraps a model.
     *
     * @param delegate the model
     * @param endpoint its base URL
     * @param apiKey its API key, scrubbed from failure reasons (may be empty)
     */
    EndpointNamingModel(ChatModel delegate, String endpoint, String apiKey) {
        this.delegate = delegate;
        this.endpoint = shown(endpoint);
        this.apiKey = apiKey;
    }

    /**
     * Returns the endpoint as it is shown: scheme, host, port and path only.
     *
     * @param url the configured URL
     * @return the URL without user info, query or fragment
     */
    static String shown(String url) {
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return "(an endpoint that is not a URL)";
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getPath() == null ? "" : u.getPath());
        } catch (IllegalArgumentException e) {
            return "(an endpoint that is not a URL)";
        }
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        try {
            return delegate.chat(request);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        try {
            return delegate.chat(request, options);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return chat(request);
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return delegate.listeners();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    private AgentryException failure(RuntimeException e) {
        String what = "failed: " + (e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                what = "could not be reached: connection refused" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
                break;
            } else if (t instanceof UnknownHostException) {
                what = "could not be reached: unknown host " + t.getMessage();
                break;
            } else if (t instanceof HttpTimeoutException) {
                what = "did not answer in time";
                break;
            }
        }
        String reason = apiKey.length() >= 4 ? what.replace(apiKey, "[api key]") : what;
        return new AgentryException("the model at " + endpoint + " " + reason, e);
    }
}
