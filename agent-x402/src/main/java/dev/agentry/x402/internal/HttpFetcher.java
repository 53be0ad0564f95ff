package dev.agentry.x402.internal;

import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches the URL of an {@code x402_fetch} call: http(s) only, on the allowed hosts when a list
 * is configured, GET or POST with a JSON body, with the payment header when there is one. Answers
 * are cut to a configured length before they reach the model. Thread-safe.
 */
public final class HttpFetcher {
    private final HttpClient client;
    private final Set<String> allowedHosts;
    private final int maxChars;

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body the body, UTF-8
     * @param headers the response headers
     */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        /**
         * @param name a header name
         * @return its first value
         */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    /**
     * @param client the HTTP client
     * @param allowedHosts hosts the tool may fetch from, lower case; empty for any
     * @param maxChars longest body shown to the model
     */
    public HttpFetcher(HttpClient client, Set<String> allowedHosts, int maxChars) {
        this.client = client;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.maxChars = maxChars;
    }

    /**
     * Fetches the call's URL.
     *
     * @param a the call's arguments ({@code url}, {@code method}, {@code body})
     * @param payment the {@code X-PAYMENT} header value, if paying
     * @return the answer
     * @throws ToolException for a refused URL or a failed request
     */
    public Response fetch(ToolArguments a, Optional<String> payment) {
        URI uri = uri(a.string("url"));
        String method = a.optionalString("method").orElse("GET").toUpperCase(Locale.ROOT);
        if (!List.of("GET", "POST").contains(method)) {
            throw new ToolException("argument 'method' must be GET or POST, got \"" + method + "\"");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "application/json, */*");
        payment.ifPresent(p -> b.header(Wire.PAYMENT, p));
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(a.optionalString("body").orElse("")));
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new ToolException("cannot fetch " + uri + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while fetching " + uri);
        }
    }

    private URI uri(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ToolException("argument 'url' is not a URL: \"" + url + "\"");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ToolException("argument 'url' must be an http:// or https:// URL, got \"" + url + "\"");
        }
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new ToolException("host " + uri.getHost() + " is not among the hosts this agent may pay: " + allowedHosts.stream().sorted().toList());
        }
        return uri;
    }

    /**
     * Cuts a body to the configured length.
     *
     * @param body the body
     * @return it, or its start and a note
     */
    public String truncate(String body) {
        return body.length() <= maxChars ? body : body.substring(0, maxChars) + "… (" + (body.length() - maxChars) + " more characters)";
    }
}
