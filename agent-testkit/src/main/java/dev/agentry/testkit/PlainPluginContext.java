package dev.agentry.testkit;

import static dev.agentry.testkit.BuilderChecks.nonBlank;
import static dev.agentry.testkit.BuilderChecks.once;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.CursorStore;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.Persona;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PluginContext} for testing a plugin without a runtime: configuration sections given as
 * JSON text and read with {@link ConfigSection#parse} (so the plugin's errors read exactly as they
 * would from a file), {@code ${NAME}} references resolved against an environment map, and an
 * in-memory journal, memory and cursor store unless others are given.
 *
 * <pre>{@code
 * try (PlainPluginContext context = PlainPluginContext.builder()
 *         .section("chain", """
 *             {"preset": "anvil", "rpcUrl": "${RPC_URL}", "wallet": {"privateKey": "${AGENT_PRIVATE_KEY}"}}""")
 *         .environment(Map.of("RPC_URL", anvil.url(), "AGENT_PRIVATE_KEY", Anvil.KEY_0))
 *         .build()) {
 *     List<Tool> tools = new ChainPlugin().tools(context);
 * }   // closes what the plugin registered with closeOnShutdown, as the runtime would
 * }</pre>
 *
 * <p>Errors name the source ({@code "test config"} unless set) and the JSON path inside the
 * section, such as {@code test config: $.wallet: is required}. Thread-safe once built.
 */
public final class PlainPluginContext implements PluginContext, AutoCloseable {
    private final String agentId;
    private final Persona persona;
    private final String source;
    private final Map<String, ConfigSection> sections;
    private final Map<String, String> environment;
    private final Journal journal;
    private final Memory memory;
    private final CursorStore cursors;
    private final Optional<MeterRegistry> meterRegistry;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private PlainPluginContext(Builder b, Map<String, ConfigSection> sections, Map<String, String> environment) {
        this.agentId = b.agentId == null ? "agent" : b.agentId;
        this.persona = b.persona == null ? Persona.of("Test", "A test agent.") : b.persona;
        this.source = b.source == null ? "test config" : b.source;
        this.sections = Map.copyOf(sections);
        this.environment = environment;
        this.journal = b.journal == null ? new InMemoryJournal() : b.journal;
        this.memory = b.memory == null ? new InMemoryMemory() : b.memory;
        this.cursors = b.cursors == null ? CursorStore.inMemory() : b.cursors;
        this.meterRegistry = Optional.ofNullable(b.meterRegistry);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public Persona persona() {
        return persona;
    }

    @Override
    public Optional<ConfigSection> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /**
     * Resolves {@code ${NAME}} and {@code ${NAME:-default}} references with the same reader a
     * configuration file's sections use.
     *
     * @param value the configured value
     * @return the resolved value
     * @throws ConfigException naming the variable if one without a default is unset
     */
    @Override
    public String resolve(String value) {
        Objects.requireNonNull(value, "value");
        return value.isBlank() ? value : single(value).string("value");
    }

    /**
     * Resolves a secret, which must be a {@code ${NAME}} reference.
     *
     * @param reference the configured reference
     * @return the secret
     * @throws ConfigException for a literal (not shown in the message) or an unset variable
     */
    @Override
    public Secret secret(String reference) {
        return single(Objects.requireNonNull(reference, "reference")).secret("value");
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public CursorStore cursors() {
        return cursors;
    }

    @Override
    public Memory memory() {
        return memory;
    }

    @Override
    public Optional<MeterRegistry> meterRegistry() {
        return meterRegistry;
    }

    @Override
    public synchronized void closeOnShutdown(AutoCloseable resource) {
        resources.add(Objects.requireNonNull(resource, "resource"));
    }

    /**
     * Returns what the plugin registered with {@link #closeOnShutdown}, in order.
     *
     * @return a snapshot of the resources
     */
    public synchronized List<AutoCloseable> resources() {
        return List.copyOf(resources);
    }

    /**
     * Closes the registered resources, last registered first, as the runtime does at shutdown.
     * Every resource is closed even if one fails.
     *
     * @throws IllegalStateException if any failed to close (the first failure as cause, the others
     *     suppressed)
     */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        IllegalStateException failure = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a plugin resource failed: " + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "PlainPluginContext[agent=" + agentId + ", sections=" + sections.keySet() + "]";
    }

    private ConfigSection single(String value) {
        return ConfigSection.parse(source + " (a value resolved by the plugin)", "{\"value\":" + jsonString(value) + "}", environment);
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Configures a {@link PlainPluginContext}. Each setting may be given once (each section name
     * once); a second call throws {@link IllegalStateException} naming it. Not thread-safe.
     */
    public static final class Builder {
        private String agentId;
        private Persona persona;
        private String source;
        private final Map<String, String> sectionJson = new LinkedHashMap<>();
        private Map<String, String> environment;
        private Journal journal;
        private Memory memory;
        private CursorStore cursors;
        private MeterRegistry meterRegistry;

        private Builder() {}

        /**
         * Sets the agent id ({@code "agent"} unless set).
         *
         * @param id a non-blank id
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws IllegalStateException if already set
         */
        public Builder agentId(String id) {
            once(agentId, "agentId");
            agentId = nonBlank(id, "agentId");
            return this;
        }

        /**
         * Sets the persona (one named {@code Test} unless set).
         *
         * @param persona the persona
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder persona(Persona persona) {
            once(this.persona, "persona");
            this.persona = Objects.requireNonNull(persona, "persona");
            return this;
        }

        /**
         * Sets the name errors give as the configuration's source ({@code "test config"} unless set).
         *
         * @param name a non-blank name, such as a file name
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws IllegalStateException if already set
         */
        public Builder source(String name) {
            once(source, "source");
            source = nonBlank(name, "source");
            return this;
        }

        /**
         * Adds a configuration section, parsed when {@link #build()} runs.
         *
         * @param name the section's name, such as {@code "chain"}
         * @param json the section, a JSON object
         * @return this builder
         * @throws IllegalArgumentException if the name is blank
         * @throws IllegalStateException if a section of that name was already added
         */
        public Builder section(String name, String json) {
            nonBlank(name, "section name");
            if (sectionJson.containsKey(name)) {
                throw new IllegalStateException("section \"" + name + "\" was already set");
            }
            sectionJson.put(name, Objects.requireNonNull(json, "json"));
            return this;
        }

        /**
         * Sets the environment {@code ${NAME}} references resolve against (empty unless set).
         *
         * @param variables the variables (copied)
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder environment(Map<String, String> variables) {
            once(environment, "environment");
            environment = Map.copyOf(variables);
            return this;
        }

        /**
         * Sets the journal (a new {@link InMemoryJournal} unless set).
         *
         * @param journal the journal
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder journal(Journal journal) {
            once(this.journal, "journal");
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /**
         * Sets the memory (a new {@link InMemoryMemory} unless set).
         *
         * @param memory the memory
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder memory(Memory memory) {
            once(this.memory, "memory");
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /**
         * Sets the cursor store ({@link CursorStore#inMemory()} unless set).
         *
         * @param cursors the store
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder cursors(CursorStore cursors) {
            once(this.cursors, "cursors");
            this.cursors = Objects.requireNonNull(cursors, "cursors");
            return this;
        }

        /**
         * Sets the meter registry (none unless set).
         *
         * @param registry the registry
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder meterRegistry(MeterRegistry registry) {
            once(meterRegistry, "meterRegistry");
            meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Parses the sections and builds the context.
         *
         * @return the context
         * @throws ConfigException if a section is not a JSON object (naming the source, line and column)
         */
        public PlainPluginContext build() {
            Map<String, String> env = environment == null ? Map.of() : environment;
            String name = source == null ? "test config" : source;
            Map<String, ConfigSection> parsed = new LinkedHashMap<>();
            sectionJson.forEach((section, json) -> parsed.put(section, ConfigSection.parse(name, json, env)));
            return new PlainPluginContext(this, parsed, env);
        }
    }
}
