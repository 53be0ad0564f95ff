package dev.agentry.tools.social.internal;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.FeedAuthException;
import dev.agentry.tools.social.FeedException;
import dev.agentry.tools.social.FeedException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * An OAuth 2.0 token endpoint (RFC 6749 §4.1.3 and §6): posts a form, with HTTP Basic client
 * authentication for confidential clients and {@code client_id} in the form for public ones.
 * Errors name the endpoint's {@code error} code, never a token or the error description.
 *
 * @param feed the feed's name, for errors
 * @param tokenUrl the endpoint
 * @param clientId the client id
 * @param clientSecret the client secret of a confidential client
 * @param client the HTTP client
 */
public record TokenEndpoint(String feed, URI tokenUrl, String clientId, Optional<Secret> clientSecret, HttpClient client) {

    /**
     * Builds a form in the given order.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the form
     */
    public static Map<String, String> form(String... namesAndValues) {
        var form = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /**
     * Posts a token request.
     *
     * @param form the grant's parameters ({@code grant_type} and what it needs)
     * @param what what the request does, for errors, such as {@code "refreshing the access token"}
     * @return the JSON answer of a 2xx response
     * @throws FeedAuthException when the endpoint refuses the grant or the client (400, 401)
     * @throws FeedException when the endpoint cannot be reached, fails or answers something unreadable
     */
    public JsonNode post(Map<String, String> form, String what) {
        var body = new java.util.LinkedHashMap<>(form);
        if (clientSecret.isEmpty()) {
            body.put("client_id", clientId);
        }
        String encoded = body.entrySet().stream().map(e -> Url.encode(e.getKey()) + "=" + Url.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encoded));
        clientSecret.ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + secret.reveal()).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FeedException(feed, Reason.UNAVAILABLE, feed + " token endpoint unreachable while " + what + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedException(feed, Reason.INTERRUPTED, feed + " interrupted while " + what);
        }
        JsonNode json;
        try {
            json = JsonSupport.MAPPER.readTree(response.body() == null ? "" : response.body());
        } catch (RuntimeException e) {
            json = JsonSupport.MAPPER.missingNode();
        }
        int status = response.statusCode();
        if (status == 400 || status == 401) {
            throw new FeedAuthException(feed, status, feed + " token endpoint refused " + what + " (HTTP " + status + ", "
                    + JsonSupport.text(json, "error").orElse("no error code") + ")");
        }
        if (status < 200 || status >= 300 || !json.isObject()) {
            throw new FeedException(feed, status >= 500 ? Reason.UNAVAILABLE : Reason.MALFORMED_RESPONSE, status,
                    feed + " token endpoint failed while " + what + " (HTTP " + status + ")");
        }
        return json;
    }
}
