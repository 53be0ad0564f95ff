package dev.agentry.core.internal.config;

import dev.agentry.core.StandardPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The parsed {@code policy} section of an agent configuration, applied onto a
 * {@link StandardPolicy.Builder} each time a policy is built.
 *
 * @param steps the builder calls, in file order
 */
public record PolicySettings(List<Consumer<StandardPolicy.Builder>> steps) {
    /** Copies the list. */
    public PolicySettings {
        steps = List.copyOf(steps);
    }

    /**
     * Applies every setting to a builder.
     *
     * @param builder the builder
     * @return the builder
     */
    public StandardPolicy.Builder applyTo(StandardPolicy.Builder builder) {
        steps.forEach(step -> step.accept(builder));
        return builder;
    }

    /** Collects settings while parsing; not thread-safe. */
    public static final class Collector {
        private final List<Consumer<StandardPolicy.Builder>> steps = new ArrayList<>();
        private final StandardPolicy.Builder probe = StandardPolicy.builder();

        /** Starts an empty collection. */
        public Collector() {}

        /**
         * Adds a setting and applies it to a probe builder at once, so bad or repeated settings fail
         * while the JSON path is known.
         *
         * @param step the builder call
         * @param onError turns the builder's complaint into an exception naming the path
         */
        public void add(Consumer<StandardPolicy.Builder> step, Function<String, RuntimeException> onError) {
            try {
                step.accept(probe);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw onError.apply(e.getMessage());
            }
            steps.add(step);
        }

        /**
         * Checks the whole set (for example a tool both allowed and denied).
         *
         * @param onError turns the builder's complaint into an exception
         * @return the settings
         */
        public PolicySettings finish(Function<String, RuntimeException> onError) {
            try {
                probe.build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw onError.apply(e.getMessage());
            }
            return new PolicySettings(steps);
        }
    }
}
