package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.JsonSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Telegram's webhook: {@code setWebhook} with the secret token on {@link #register()}; a call is
 * authentic when its {@code X-Telegram-Bot-Api-Secret-Token} header equals the secret; its body is
 * one {@code Update}, read by the same code as {@code getUpdates} answers.
 */
final class TelegramWebhookReceiver implements WebhookReceiver {
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final TelegramFeed feed;
    private final String url;
    private final Secret secret;

    TelegramWebhookReceiver(TelegramFeed feed, String url, Secret secret) {
        this.feed = feed;
        this.url = url;
        this.secret = secret;
    }

    @Override
    public boolean authentic(WebhookRequest request) {
        return request.header(SECRET_HEADER).map(given -> MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), secret.reveal().getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    @Override
    public FeedBatch batch(WebhookRequest request, Optional<String> cursor) {
        JsonNode update = JsonSupport.parse(request.body()).orElseThrow(() ->
                new FeedException("telegram", FeedException.Reason.MALFORMED_RESPONSE, "telegram webhook call is not JSON"));
        return feed.webhookBatch(update, cursor);
    }

    @Override
    public void register() {
        feed.setWebhook(url, secret);
    }

    @Override
    public String toString() {
        return "TelegramWebhookReceiver[" + url + ", secret redacted]";
    }
}
