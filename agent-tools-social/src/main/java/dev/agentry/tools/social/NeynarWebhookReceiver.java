package dev.agentry.tools.social;

import dev.agentry.core.Secret;
import dev.agentry.tools.social.internal.JsonSupport;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * Neynar's webhook: a call is authentic when its {@code X-Neynar-Signature} header is the hex
 * HMAC-SHA512 of the raw body keyed with the webhook's secret (Neynar's "Verify webhooks with HMAC
 * signatures"); its body is one event ({@code {"created_at", "type", "data"}}), of which
 * {@code cast.created} casts that address the agent become posts.
 */
final class NeynarWebhookReceiver implements WebhookReceiver {
    static final String SIGNATURE_HEADER = "X-Neynar-Signature";

    private final FarcasterFeed feed;
    private final Secret secret;

    NeynarWebhookReceiver(FarcasterFeed feed, Secret secret) {
        this.feed = feed;
        this.secret = secret;
    }

    @Override
    public boolean authentic(WebhookRequest request) {
        Optional<String> given = request.header(SIGNATURE_HEADER).map(s -> s.strip().toLowerCase(Locale.ROOT));
        return given.isPresent() && MessageDigest.isEqual(given.get().getBytes(StandardCharsets.US_ASCII),
                signature(secret, request.body()).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public FeedBatch batch(WebhookRequest request, Optional<String> cursor) {
        JsonNode event = JsonSupport.parse(request.body()).orElseThrow(() ->
                new FeedException("farcaster", FeedException.Reason.MALFORMED_RESPONSE, "farcaster webhook call is not JSON"));
        return feed.webhookBatch(event, cursor);
    }

    /** The hex HMAC-SHA512 of a body keyed with the secret. */
    static String signature(Secret secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA512 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "NeynarWebhookReceiver[secret redacted]";
    }
}
