package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.tools.social.Feed;
import dev.agentry.tools.social.FeedProvider;
import dev.agentry.tools.social.LocalFeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code "local"} feed: {@code file} (a JSONL file shared with a terminal or other processes;
 * in memory without it), {@code self} (the agent's handle), {@code owner}, {@code trusted}. Polled
 * every 2 seconds by default.
 */
public final class LocalFeedProvider implements FeedProvider {
    private static final Set<String> KEYS = Set.of("file", "self", "owner", "trusted");

    /** Creates the provider; used by {@link java.util.ServiceLoader}. */
    public LocalFeedProvider() {}

    @Override
    public String key() {
        return "local";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public Duration defaultPollInterval() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Optional<Feed> create(ConfigSection s, PluginContext context) {
        LocalFeed.Builder b = LocalFeed.builder();
        s.optionalString("file").ifPresent(file -> FeedSections.apply(s, "file", () -> b.file(Path.of(file))));
        s.optionalString("self").ifPresent(self -> FeedSections.apply(s, "self", () -> b.self(self)));
        FeedSections.apply(s, "owner", () -> b.owners(FeedSections.ids(s, "owner")));
        FeedSections.apply(s, "trusted", () -> b.trusted(FeedSections.ids(s, "trusted")));
        return Optional.of(b.build());
    }
}
