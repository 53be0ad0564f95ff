package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.Feed;
import dev.agentry.tools.social.FeedProvider;
import dev.agentry.tools.social.XFeed;
import dev.agentry.tools.social.XOAuth2Client;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "x"} feed. Authentication, one of:
 * <ul>
 *   <li>OAuth 1.0a user context (the default to use): {@code consumerKey}, {@code consumerSecret},
 *       {@code accessToken}, {@code accessTokenSecret};</li>
 *   <li>OAuth 2.0 user context: {@code clientId} (and {@code clientSecret} for a confidential
 *       client), tokens from a one-time {@code agentry auth x} in the agent's store;</li>
 *   <li>read-only: {@code bearerToken} (the portal's app-only "Bearer Token") with {@code userId},
 *       the bot account's numeric id. Without {@code userId} it is refused, naming the fix.</li>
 * </ul>
 * Also {@code baseUrl}, {@code owner}, {@code trusted}. Off when the first credential resolves to
 * empty. The OAuth 2.0 token endpoint is {@code baseUrl + "/2/oauth2/token"}, as at X.
 */
public final class XFeedProvider implements FeedProvider {
    private static final Set<String> KEYS = FeedSections.keys(FeedSections.HTTP_KEYS, "bearerToken", "userId",
            "consumerKey", "consumerSecret", "accessToken", "accessTokenSecret", "clientId", "clientSecret");

    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public XFeedProvider() {}

    @Override
    public String key() {
        return "x";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public Optional<Feed> create(ConfigSection s, PluginContext context) {
        XFeed.Builder b = XFeed.builder();
        String baseUrl = s.optionalString("baseUrl").orElse("https://api.x.com");
        if (s.has("consumerKey")) {
            Optional<Secret> consumerKey = FeedSections.credential(s, "consumerKey");
            if (consumerKey.isEmpty()) {
                return Optional.empty();
            }
            b.oauth1(consumerKey.get(), s.secret("consumerSecret"), s.secret("accessToken"), s.secret("accessTokenSecret"));
        } else if (s.has("clientId")) {
            String clientId = s.string("clientId");
            if (clientId.isBlank()) {
                return Optional.empty();
            }
            XOAuth2Client.Builder client = XOAuth2Client.builder(clientId).tokens(context.cursors());
            s.optionalSecret("clientSecret").filter(secret -> !secret.isEmpty()).ifPresent(client::clientSecret);
            FeedSections.apply(s, "baseUrl", () -> client.endpoints(baseUrl + "/2/oauth2/token", "https://x.com/i/oauth2/authorize"));
            b.oauth2(client.build());
        } else if (s.has("bearerToken")) {
            Optional<Secret> bearer = FeedSections.credential(s, "bearerToken");
            if (bearer.isEmpty()) {
                return Optional.empty();
            }
            if (!s.has("userId")) {
                throw s.error("bearerToken", "is X's app-only token: it reads only with userId (the bot account's numeric id)"
                        + " and can never post; for a bot that answers, use consumerKey/consumerSecret/accessToken/accessTokenSecret"
                        + " (OAuth 1.0a) or clientId with `agentry auth x` (OAuth 2.0)");
            }
            FeedSections.apply(s, "userId", () -> b.appOnly(bearer.get(), s.string("userId")));
        } else {
            throw s.error("consumerKey", "is required (with consumerSecret, accessToken, accessTokenSecret), or clientId"
                    + " (OAuth 2.0 after `agentry auth x`), or bearerToken with userId (read-only)");
        }
        return Optional.of(FeedSections.applyHttp(s, context, b).build());
    }
}
