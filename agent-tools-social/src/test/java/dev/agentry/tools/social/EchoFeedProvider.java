package dev.agentry.tools.social;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A feed provider that exists only in the tests (listed in the test resources'
 * {@code META-INF/services}): proves a new feed is picked up without touching {@link SocialPlugin}.
 * Its feed is an in-memory local feed named {@code "echo"}; {@code "enabled": false} turns it off.
 */
public final class EchoFeedProvider implements FeedProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public EchoFeedProvider() {}

    @Override
    public String key() {
        return "echo";
    }

    @Override
    public Set<String> keys() {
        return Set.of("self", "enabled");
    }

    @Override
    public Duration defaultPollInterval() {
        return Duration.ofSeconds(7);
    }

    @Override
    public Optional<Feed> create(ConfigSection section, PluginContext context) {
        if (!section.bool("enabled", true)) {
            return Optional.empty();
        }
        return Optional.of(LocalFeed.builder().name("echo").self(section.string("self", "echo-agent")).build());
    }
}
