package dev.agentry.core;

import dev.agentry.core.internal.AnnotatedTools;
import dev.agentry.core.internal.SetOnce;
import dev.langchain4j.model.chat.ChatModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One agent's definition: its id, persona, model, tools, policy, memory, limits, and the plugins,
 * triggers and channels that connect it to the world. Immutable; run it by registering it with an
 * {@link AgentRuntime}.
 *
 * <pre>{@code
 * Agent agent = Agent.builder("tipper")
 *         .persona(Persona.load(Path.of("tipper.json")))
 *         .model(chatModel)
 *         .tool(new MyTool())
 *         .policy(StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.1"), Duration.ofDays(1)).build())
 *         .build();
 * }</pre>
 */
public final class Agent {
    private final String id;
    private final Persona persona;
    private final ChatModel model;
    private final List<Tool> tools;
    private final List<Plugin> plugins;
    private final List<Trigger> triggers;
    private final List<Channel> channels;
    private final Optional<Policy> policy;
    private final Optional<Memory> memory;
    private final Limits limits;
    private final Optional<AgentConfig> config;

    private Agent(Builder b) {
        this.id = b.id;
        this.persona = b.persona;
        this.model = b.model;
        this.tools = List.copyOf(b.tools);
        this.plugins = List.copyOf(b.plugins);
        this.triggers = List.copyOf(b.triggers);
        this.channels = List.copyOf(b.channels);
        this.policy = Optional.ofNullable(b.policy);
        this.memory = Optional.ofNullable(b.memory);
        this.limits = b.limits;
        this.config = Optional.ofNullable(b.config);
    }

    /**
     * Starts a builder.
     *
     * @param id the agent's id: letters, digits, {@code - _ .}, unique within a runtime
     * @return a new builder
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * Returns the agent's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the persona.
     *
     * @return the persona
     */
    public Persona persona() {
        return persona;
    }

    /**
     * Returns the chat model.
     *
     * @return the model
     */
    public ChatModel model() {
        return model;
    }

    /**
     * Returns the tools registered directly (plugins add theirs when the agent is registered).
     *
     * @return the tools
     */
    public List<Tool> tools() {
        return tools;
    }

    /**
     * Returns the plugins.
     *
     * @return the plugins
     */
    public List<Plugin> plugins() {
        return plugins;
    }

    /**
     * Returns the triggers registered directly.
     *
     * @return the triggers
     */
    public List<Trigger> triggers() {
        return triggers;
    }

    /**
     * Returns the channels registered directly.
     *
     * @return the channels
     */
    public List<Channel> channels() {
        return channels;
    }

    /**
     * Returns the agent's own policy, if set (otherwise the runtime builds one from the config, or
     * uses a {@link StandardPolicy} with no caps).
     *
     * @return the policy
     */
    public Optional<Policy> policy() {
        return policy;
    }

    /**
     * Returns the agent's memory, if set (otherwise the runtime's default memory is used).
     *
     * @return the memory
     */
    public Optional<Memory> memory() {
        return memory;
    }

    /**
     * Returns the limits.
     *
     * @return the limits
     */
    public Limits limits() {
        return limits;
    }

    /**
     * Returns the configuration the agent was built from, if any.
     *
     * @return the configuration
     */
    public Optional<AgentConfig> config() {
        return config;
    }

    @Override
    public String toString() {
        return "Agent[" + id + ", persona=" + persona.name() + ", tools=" + tools.stream().map(Tool::name).toList() + "]";
    }

    /**
     * Builds an {@link Agent}. Each single-valued setting (persona, model, policy, memory, limits,
     * config) may be set once: a second call throws {@link IllegalStateException} naming it; tools,
     * plugins, triggers and channels add up. Fails fast on missing settings. Not thread-safe.
     */
    public static final class Builder {
        private final SetOnce once = new SetOnce("Agent.Builder");
        private final String id;
        private Persona persona;
        private ChatModel model;
        private final List<Tool> tools = new ArrayList<>();
        private final List<Plugin> plugins = new ArrayList<>();
        private final List<Trigger> triggers = new ArrayList<>();
        private final List<Channel> channels = new ArrayList<>();
        private Policy policy;
        private Memory memory;
        private Limits limits;
        private AgentConfig config;

        private Builder(String id) {
            if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("agent id must be 1-64 letters, digits, '.', '_' or '-', was: " + id);
            }
            this.id = id;
        }

        /**
         * Sets the persona (required).
         *
         * @param persona the persona
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder persona(Persona persona) {
            once.mark("persona");
            this.persona = Objects.requireNonNull(persona, "persona");
            return this;
        }

        /**
         * Sets the chat model (required unless a configuration with a model is given).
         *
         * @param model any LangChain4j chat model
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder model(ChatModel model) {
            once.mark("model");
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Adds a tool.
         *
         * @param tool the tool
         * @return this builder
         */
        public Builder tool(Tool tool) {
            tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /**
         * Adds tools.
         *
         * @param more the tools
         * @return this builder
         */
        public Builder tools(List<? extends Tool> more) {
            more.forEach(this::tool);
            return this;
        }

        /**
         * Adds every LangChain4j {@code @Tool} method of an object as a tool. Mark each method's
         * effect with {@link ToolEffect}; unmarked methods count as {@link Effect#POST}.
         *
         * @param objectWithTools the object
         * @return this builder
         * @throws IllegalArgumentException if the object has no {@code @Tool} methods
         */
        public Builder toolsFrom(Object objectWithTools) {
            tools.addAll(AnnotatedTools.from(objectWithTools));
            return this;
        }

        /**
         * Adds a plugin; its tools, triggers and channels are created when the agent is registered.
         *
         * @param plugin the plugin
         * @return this builder
         */
        public Builder plugin(Plugin plugin) {
            plugins.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /**
         * Adds a trigger.
         *
         * @param trigger the trigger
         * @return this builder
         */
        public Builder trigger(Trigger trigger) {
            triggers.add(Objects.requireNonNull(trigger, "trigger"));
            return this;
        }

        /**
         * Adds a reply channel.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder channel(Channel channel) {
            channels.add(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /**
         * Sets the policy.
         *
         * @param policy the policy
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder policy(Policy policy) {
            once.mark("policy");
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the memory.
         *
         * @param memory the memory
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder memory(Memory memory) {
            once.mark("memory");
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /**
         * Sets the limits; they win over a configuration's (default: the configuration's, else
         * {@link Limits#defaults()}).
         *
         * @param limits the limits
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder limits(Limits limits) {
            once.mark("limits");
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Applies a configuration: its limits unless {@link #limits} is called, and its model unless
         * one was set. Its policy section
         * is turned into a {@link StandardPolicy} when the agent is registered, unless a policy was
         * set here; its sections are offered to plugins.
         *
         * @param config the configuration
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder config(AgentConfig config) {
            once.mark("config");
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Builds the agent.
         *
         * @return the agent
         * @throws IllegalStateException if the persona or model is missing, or two tools share a name
         */
        public Agent build() {
            if (persona == null) {
                throw new IllegalStateException("agent '" + id + "' needs a persona");
            }
            if (model == null && config != null) {
                model = config.chatModel();
            }
            if (model == null) {
                throw new IllegalStateException("agent '" + id + "' needs a model: call model(...) or config(...)");
            }
            if (limits == null) {
                limits = config != null ? config.limits() : Limits.defaults();
            }
            Set<String> names = new HashSet<>();
            for (Tool tool : tools) {
                if (!names.add(tool.name())) {
                    throw new IllegalStateException("agent '" + id + "' has two tools named '" + tool.name() + "'");
                }
            }
            return new Agent(this);
        }
    }

}
