package dev.agentry.runner;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Memory;
import dev.agentry.core.Persona;
import dev.agentry.core.Tool;
import dev.agentry.tools.social.AutonomousPostTrigger;
import dev.agentry.tools.social.LocalFeed;
import dev.agentry.tools.social.NearDuplicateGuard;
import dev.agentry.tools.social.SocialTools;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The terminal as the bot's feed: a {@link LocalFeed} in the data folder ({@code feed.jsonl}) on
 * which each line typed or scripted is a post, configured by the bot's {@code console} section:
 *
 * <pre>{@code
 * "console": {"owner": "you", "trusted": ["alice", "bob"],
 *             "socialTools": true,
 *             "autonomousPosts": {"min": "PT45S", "max": "PT90S"}}
 * }</pre>
 *
 * {@code owner} speaks as the operator (OWNER), {@code trusted} names are TRUSTED, anyone else is
 * UNTRUSTED. {@code socialTools} offers {@code social_post}, {@code social_reply} and
 * {@code social_lookup} on the terminal feed, posts checked against recent ones
 * ({@link NearDuplicateGuard}); {@code autonomousPosts} lets the bot post on its own at random
 * intervals ({@code /tick} asks for a post at once).
 */
final class TerminalFeed implements AutoCloseable {
    private static final List<String> KEYS = List.of("owner", "trusted", "socialTools", "autonomousPosts");

    /**
     * The {@code console} section.
     *
     * @param owner the operator's name
     * @param trusted the trusted names
     * @param socialTools whether to offer the social tools on the terminal feed
     * @param autonomous the interval of autonomous posts, if any: minimum and maximum
     */
    record Settings(String owner, List<String> trusted, boolean socialTools, Optional<List<Duration>> autonomous) {

        /**
         * Reads the section.
         *
         * @param section the section, if present
         * @return the settings (defaults: owner {@code you}, nobody trusted, no social tools, no autonomous posts)
         * @throws ConfigException naming the field
         */
        static Settings read(Optional<ConfigSection> section) {
            if (section.isEmpty()) {
                return new Settings("you", List.of(), false, Optional.empty());
            }
            ConfigSection s = section.get().requireOnly(KEYS);
            Optional<List<Duration>> autonomous = s.section("autonomousPosts").map(a -> {
                a.requireOnly(List.of("min", "max"));
                Duration min = a.duration("min").orElseThrow(() -> a.error("min", "is required, e.g. \"PT45S\""));
                Duration max = a.duration("max").orElse(min);
                if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                    throw a.error("max", "must be at least min, and min more than zero");
                }
                return List.of(min, max);
            });
            return new Settings(s.string("owner", "you"), s.strings("trusted"), s.bool("socialTools", false), autonomous);
        }
    }

    private final LocalFeed feed;
    private final List<Tool> tools;
    private final Optional<AutonomousPostTrigger> autonomous;
    private final Supplier<Optional<AutonomousPostTrigger>> newAutonomous;

    private TerminalFeed(LocalFeed feed, List<Tool> tools, Supplier<Optional<AutonomousPostTrigger>> newAutonomous) {
        this.feed = feed;
        this.tools = tools;
        this.autonomous = newAutonomous.get();
        this.newAutonomous = newAutonomous;
    }

    /**
     * Opens the feed.
     *
     * @param settings the {@code console} section
     * @param agentId the agent, who posts under its id
     * @param file the feed's file
     * @param memory the agent's memory (recent posts, near-duplicates)
     * @param persona the persona (topics of autonomous posts)
     * @param repeatable whether autonomous posts must be the same on every run (scripts)
     * @param out where to say who is who
     * @return the feed
     */
    static TerminalFeed open(Settings settings, String agentId, Path file, Memory memory, Persona persona, boolean repeatable, PrintStream out) {
        LocalFeed feed = LocalFeed.builder().self(agentId).file(file).owners(settings.owner()).trusted(settings.trusted().toArray(String[]::new)).build();
        out.println("feed: the terminal (" + settings.owner() + " is the owner; trusted: "
                + (settings.trusted().isEmpty() ? "nobody" : String.join(", ", settings.trusted())) + "; anyone else is untrusted)");
        List<Tool> tools = List.of();
        if (settings.socialTools()) {
            SocialTools social = SocialTools.builder().feed(feed).memory(memory).build();
            tools = List.of(NearDuplicateGuard.builder(social.post()).memory(memory).build(), social.reply(), social.lookup());
        }
        Supplier<Optional<AutonomousPostTrigger>> autonomous = () -> settings.autonomous().map(interval -> {
            AutonomousPostTrigger.Builder trigger = AutonomousPostTrigger.builder(feed).persona(persona).interval(interval.get(0), interval.get(1));
            if (repeatable) {
                trigger.random(new Random(7));
            }
            return trigger.build();
        });
        return new TerminalFeed(feed, tools, autonomous);
    }

    /** @return the feed */
    LocalFeed feed() {
        return feed;
    }

    /** @return the tools offered on the terminal feed (empty without {@code socialTools}) */
    List<Tool> tools() {
        return tools;
    }

    /** @return the autonomous posts' trigger, if configured (its events are submitted by the console) */
    Optional<AutonomousPostTrigger> autonomous() {
        return autonomous;
    }

    /** @return a new trigger of autonomous posts, if configured, for an agent that runs it itself (a cluster node's) */
    Optional<AutonomousPostTrigger> newAutonomous() {
        return newAutonomous.get();
    }

    @Override
    public void close() {
        feed.close();
    }
}
