package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.HttpCaller;
import dev.agentry.tools.social.internal.HttpCaller.HttpResult;
import dev.agentry.tools.social.internal.JsonSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls Bot API methods ({@code POST /bot<token>/<method>} with a JSON body) and turns Telegram's
 * answers into results or typed failures: refused tokens, a blocked chat, and the 409 conflict of
 * a webhook (deleted first when configured) or of a second poller.
 */
final class TelegramApi {
    private static final Logger log = LoggerFactory.getLogger(TelegramApi.class);

    private final String baseUrl;
    private final Secret token;
    private final HttpCaller http;
    private final boolean deleteWebhookOnConflict;

    TelegramApi(String baseUrl, Secret token, HttpCaller http, boolean deleteWebhookOnConflict) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = http;
        this.deleteWebhookOnConflict = deleteWebhookOnConflict;
    }

    /** The fix for a webhook that blocks polling. */
    static String webhookConflict() {
        return "telegram: a webhook is set for this bot, so getUpdates cannot poll (HTTP 409). Fix one of: receive updates by"
                + " webhook (feeds.telegram.webhook), set feeds.telegram.deleteWebhook to true to delete it at start, or call"
                + " deleteWebhook once";
    }

    /** Calls a method and returns its {@code result}. */
    JsonNode call(String method, ObjectNode body, Duration timeout) {
        HttpResult result = send(method, body, timeout);
        if (result.status() == 409) {
            String description = JsonSupport.text(result.json(), "description").orElse("Conflict");
            boolean webhookSet = description.toLowerCase(Locale.ROOT).contains("webhook");
            if (!(webhookSet && deleteWebhookOnConflict && method.equals("getUpdates"))) {
                throw new FeedException("telegram", FeedException.Reason.CONFLICT, 409, webhookSet ? webhookConflict()
                        : "telegram: " + description + " (HTTP 409): another process polls this bot; stop it, only one may poll");
            }
            log.warn("telegram: a webhook is set; deleting it so polling can work (deleteWebhook is configured)");
            call("deleteWebhook", JsonSupport.MAPPER.createObjectNode().put("drop_pending_updates", false), Duration.ofSeconds(30));
            result = send(method, body, timeout);
        }
        if (result.status() == 404 || result.status() == 401 || result.status() == 403) {
            String description = JsonSupport.text(result.json(), "description").orElse("");
            if (result.status() != 403 || method.equals("getMe") || method.equals("getUpdates")) {
                throw new FeedAuthException("telegram", result.status(), "telegram refused the bot token for " + method
                        + " (HTTP " + result.status() + (description.isEmpty() ? "" : ", " + description) + "); check the bot token");
            }
            // e.g. "Forbidden: bot was blocked by the user": about one chat, not the credentials
            throw new FeedException("telegram", FeedException.Reason.REFUSED, 403, "telegram " + method + " was refused: "
                    + (description.isEmpty() ? "Forbidden" : description));
        }
        JsonNode json = http.requireOk(method, result).json();
        if (!json.path("ok").asBoolean(false)) {
            http.count("api_error");
            throw new FeedException("telegram", FeedException.Reason.REFUSED, result.status(), "telegram " + method + " failed: "
                    + JsonSupport.text(json, "description").orElse(JsonSupport.excerpt(result.body())));
        }
        return json.path("result");
    }

    private HttpResult send(String method, ObjectNode body, Duration timeout) {
        String json = JsonSupport.MAPPER.writeValueAsString(body);
        URI uri = URI.create(baseUrl + "/bot" + token.reveal() + "/" + method);
        return http.call(method, () -> HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
