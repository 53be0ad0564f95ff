package dev.agentry.tools.social;

import dev.agentry.core.Effect;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.SimilarMemory;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.tools.social.internal.FeedSettings;
import dev.agentry.tools.social.internal.Once;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Wraps a posting tool (such as {@code social_post}) so that a post too close to one of the
 * agent's recent posts is refused before it is sent: the guard asks
 * {@link Memory#mostSimilar(String, String, Set, java.time.Instant)} for the agent's most similar
 * {@link MemoryItem.Kind#POST} memory within the window, and a similarity at or above the
 * threshold becomes a {@link ToolException} that names the earlier post, so the model can write
 * something new. Everything else (specification, effect, spends, timeout) is the wrapped tool's.
 *
 * <p>How similar is decided by the memory: an exact match after normalisation scores 1, stores
 * with embeddings score by cosine similarity, and stores without similarity search find nothing
 * (the guard then lets every post through). Failures of the memory propagate. Configured in the
 * {@code "feeds"} section as {@code "nearDuplicates": {"threshold": 0.92, "window": "P30D"}}.
 * Thread-safe if the wrapped tool and the memory are.
 */
public final class NearDuplicateGuard implements Tool {
    private final Tool delegate;
    private final Memory memory;
    private final double threshold;
    private final Duration window;
    private final String textArgument;
    private final Clock clock;

    private NearDuplicateGuard(Builder b) {
        this.delegate = b.delegate;
        this.memory = b.memory;
        this.threshold = b.threshold;
        this.window = b.window;
        this.textArgument = b.textArgument;
        this.clock = b.clock;
    }

    /**
     * Starts a builder; {@link Builder#memory(Memory)} is required.
     *
     * @param postTool the posting tool to guard
     * @return a new builder
     */
    public static Builder builder(Tool postTool) {
        return new Builder(Objects.requireNonNull(postTool, "postTool"));
    }

    @Override
    public ToolSpecification specification() {
        return delegate.specification();
    }

    @Override
    public Effect effect() {
        return delegate.effect();
    }

    @Override
    public List<Spend> spends(ToolArguments arguments, ToolContext context) {
        return delegate.spends(arguments, context);
    }

    @Override
    public Duration timeout() {
        return delegate.timeout();
    }

    /**
     * Refuses a near duplicate, else runs the wrapped tool. A call without the text argument is
     * passed on unchecked (the wrapped tool reports it).
     *
     * @param arguments the call's arguments
     * @param context the call's context
     * @return the wrapped tool's result
     * @throws ToolException if the text is within the threshold of a recent post, naming it and the similarity
     */
    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        Optional<String> text = arguments.optionalString(textArgument).map(String::strip).filter(t -> !t.isEmpty());
        if (text.isPresent()) {
            Optional<SimilarMemory> similar = memory.mostSimilar(context.agentId(), text.get(), Set.of(MemoryItem.Kind.POST),
                    clock.instant().minus(window));
            if (similar.isPresent() && similar.get().similarity() >= threshold - 1e-6) {
                throw new ToolException("refused: this post repeats one of your recent posts (" + describe(similar.get())
                        + "); write about something new");
            }
        }
        return delegate.execute(arguments, context);
    }

    @Override
    public String toString() {
        return "NearDuplicateGuard[" + delegate.name() + ", threshold " + threshold + ", window " + window + "]";
    }

    private static String describe(SimilarMemory similar) {
        String text = similar.item().text().replaceAll("\\s+", " ").strip();
        String shown = text.length() <= 120 ? text : text.substring(0, 120) + "…";
        String id = Optional.ofNullable(similar.item().metadata().get("social.post_id")).map(p -> " post " + p).orElse("");
        return "similarity " + String.format(Locale.ROOT, "%.2f", similar.similarity()) + " to your" + id + " \"" + shown + "\"";
    }

    /**
     * Configures a {@link NearDuplicateGuard}. Not thread-safe; each setting may be given once.
     */
    public static final class Builder {
        private final Once once = new Once("NearDuplicateGuard.Builder");
        private final Tool delegate;
        private Memory memory;
        private double threshold = 0.92;
        private Duration window = Duration.ofDays(30);
        private String textArgument = "text";
        private Clock clock = Clock.systemUTC();

        private Builder(Tool delegate) {
            this.delegate = delegate;
        }

        /**
         * Sets the memory holding the agent's posts (required).
         *
         * @param memory the memory
         * @return this builder
         */
        public Builder memory(Memory memory) {
            once.mark("memory");
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /**
         * Sets the similarity from which a post is refused (default 0.92).
         *
         * @param threshold within (0, 1]; 1 refuses only exact repeats (after normalisation)
         * @return this builder
         */
        public Builder threshold(double threshold) {
            once.mark("threshold");
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be within (0, 1], was " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets how far back posts are compared (default 30 days).
         *
         * @param window the window, positive
         * @return this builder
         */
        public Builder window(Duration window) {
            once.mark("window");
            this.window = FeedSettings.positive(window, "window");
            return this;
        }

        /**
         * Sets the name of the argument that carries the post's text (default {@code "text"}).
         *
         * @param name the argument's name
         * @return this builder
         */
        public Builder textArgument(String name) {
            once.mark("textArgument");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("textArgument must not be blank, was: " + name);
            }
            this.textArgument = name;
            return this;
        }

        /**
         * Sets the clock the window ends at (default: the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            once.mark("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the guard.
         *
         * @return the guard
         * @throws IllegalStateException if no memory was set
         */
        public NearDuplicateGuard build() {
            if (memory == null) {
                throw new IllegalStateException("NearDuplicateGuard needs memory(..)");
            }
            return new NearDuplicateGuard(this);
        }
    }
}
