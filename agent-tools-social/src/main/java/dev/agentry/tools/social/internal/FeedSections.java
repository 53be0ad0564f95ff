package dev.agentry.tools.social.internal;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.tools.social.HttpFeedBuilder;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the feed providers read alike from their sections: credentials, account ids, base URL. */
public final class FeedSections {
    private static final Logger log = LoggerFactory.getLogger(FeedSections.class);

    /** The keys every HTTP feed section may hold: {@code baseUrl}, {@code owner}, {@code trusted}. */
    public static final Set<String> HTTP_KEYS = Set.of("baseUrl", "owner", "trusted");

    private FeedSections() {}

    /**
     * Joins key sets.
     *
     * @param common keys shared by several feeds
     * @param own the feed's own keys
     * @return both
     */
    public static Set<String> keys(Set<String> common, String... own) {
        Set<String> all = new HashSet<>(common);
        all.addAll(List.of(own));
        return Set.copyOf(all);
    }

    /**
     * Reads a required credential; a feed whose credential resolves to an empty value (such as
     * {@code "${TELEGRAM_BOT_TOKEN:-}"}) is off.
     *
     * @param section the feed's section
     * @param key the credential's key
     * @return the secret, or empty (logged) when it resolves to an empty value
     * @throws ConfigException if missing, a literal, or its variable is unset
     */
    public static Optional<Secret> credential(ConfigSection section, String key) {
        Secret secret = section.secret(key);
        if (secret.isEmpty()) {
            log.info("{}: feed disabled because {} is empty", section.path(), key);
            return Optional.empty();
        }
        return Optional.of(secret);
    }

    /**
     * Applies {@code baseUrl}, {@code owner}, {@code trusted} and the agent's metrics registry to
     * an HTTP feed builder.
     *
     * @param section the feed's section
     * @param context the agent's context
     * @param builder the builder
     * @param <B> the builder's type
     * @return the builder
     */
    public static <B extends HttpFeedBuilder<B>> B applyHttp(ConfigSection section, PluginContext context, B builder) {
        section.optionalString("baseUrl").ifPresent(url -> apply(section, "baseUrl", () -> builder.baseUrl(url)));
        apply(section, "owner", () -> builder.owners(ids(section, "owner")));
        apply(section, "trusted", () -> builder.trusted(ids(section, "trusted")));
        context.meterRegistry().ifPresent(builder::meterRegistry);
        return builder;
    }

    /**
     * Reads account ids: a string or a list of strings, absent meaning none.
     *
     * @param section the section
     * @param key the key
     * @return the ids
     */
    public static String[] ids(ConfigSection section, String key) {
        return section.strings(key).toArray(String[]::new);
    }

    /**
     * Reads an ISO-8601 duration that may be zero (such as {@code "PT0S"}).
     *
     * @param section the section
     * @param key the key
     * @return the duration, if present
     * @throws ConfigException naming the field if it is not a duration or is negative
     */
    public static Optional<Duration> durationOrZero(ConfigSection section, String key) {
        Optional<String> text = section.optionalString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration value = Duration.parse(text.get());
            if (value.isNegative()) {
                throw section.error(key, "must not be negative, was " + text.get());
            }
            return Optional.of(value);
        } catch (DateTimeParseException e) {
            throw section.error(key, "expected an ISO-8601 duration such as \"PT60S\", got \"" + text.get() + "\"");
        }
    }

    /**
     * Runs a builder setter, turning its {@link IllegalArgumentException} into a
     * {@link ConfigException} naming the field.
     *
     * @param section the section
     * @param key the field the setter takes its value from
     * @param setter the setter
     */
    public static void apply(ConfigSection section, String key, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw section.error(key, e.getMessage());
        }
    }
}
