package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.Feed;
import dev.agentry.tools.social.FeedProvider;
import dev.agentry.tools.social.XFeed;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "x"} feed: {@code bearerToken}, or OAuth 1.0a user keys ({@code consumerKey},
 * {@code consumerSecret}, {@code accessToken}, {@code accessTokenSecret}); {@code baseUrl},
 * {@code owner}, {@code trusted}. Off when the bearer token or consumer key resolves to empty.
 */
public final class XFeedProvider implements FeedProvider {
    private static final Set<String> KEYS = FeedSections.keys(FeedSections.HTTP_KEYS,
            "bearerToken", "consumerKey", "consumerSecret", "accessToken", "accessTokenSecret");

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
        if (s.has("bearerToken")) {
            Optional<Secret> bearer = FeedSections.credential(s, "bearerToken");
            if (bearer.isEmpty()) {
                return Optional.empty();
            }
            b.bearerToken(bearer.get());
        } else if (s.has("consumerKey")) {
            Optional<Secret> consumerKey = FeedSections.credential(s, "consumerKey");
            if (consumerKey.isEmpty()) {
                return Optional.empty();
            }
            b.oauth1(consumerKey.get(), s.secret("consumerSecret"), s.secret("accessToken"), s.secret("accessTokenSecret"));
        } else {
            throw s.error("bearerToken", "is required, or consumerKey/consumerSecret/accessToken/accessTokenSecret");
        }
        return Optional.of(FeedSections.applyHttp(s, context, b).build());
    }
}
