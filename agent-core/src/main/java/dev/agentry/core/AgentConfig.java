package dev.agentry.core;

import dev.langchain4j.model.chat.ChatModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What an agent may do and with what: model, plugins, tools, policy, limits, and sections for
 * plugins (chain, feeds, memory). Separate from the {@link Persona}; secrets appear only as
 * {@code ${ENV_VAR}} references and a literal secret is refused at load.
 *
 * <p>SKELETON: being implemented.
 */
public final class AgentConfig {
    private final ModelConfig model;
    private final Limits limits;

    private AgentConfig(ModelConfig model, Limits limits) {
        this.model = model;
        this.limits = limits;
    }

    /**
     * Loads a configuration file, resolving references from the process environment.
     *
     * @param file the JSON file
     * @return the configuration
     * @throws ConfigException naming the file, field and reason
     */
    public static AgentConfig load(Path file) {
        throw new ConfigException(file + ": not implemented yet");
    }

    /**
     * Returns the model settings.
     *
     * @return the model settings
     */
    public ModelConfig model() {
        return model;
    }

    /**
     * Builds the chat model the settings describe.
     *
     * @return the model
     */
    public ChatModel chatModel() {
        return ChatModels.create(model);
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
     * Returns the plugin names to enable.
     *
     * @return plugin names
     */
    public List<String> plugins() {
        return List.of();
    }

    /**
     * Returns the tool names to enable from plugins (empty means all).
     *
     * @return tool names
     */
    public List<String> tools() {
        return List.of();
    }

    /**
     * Builds the policy section into a {@link StandardPolicy} whose spend windows survive restarts
     * through the journal.
     *
     * @param journal the runtime's journal
     * @return the policy
     */
    public StandardPolicy policy(Journal journal) {
        return StandardPolicy.builder().journal(journal).build();
    }

    /**
     * Returns a raw section.
     *
     * @param name section name
     * @return the section
     */
    public Optional<JsonNode> section(String name) {
        return Optional.empty();
    }

    /**
     * Resolves a value's {@code ${NAME}} references.
     *
     * @param value the value
     * @return the resolved value
     */
    public String resolve(String value) {
        return value;
    }

    /**
     * Resolves a secret reference.
     *
     * @param reference a {@code ${NAME}} reference
     * @return the secret
     */
    public Secret secret(String reference) {
        throw new ConfigException("not implemented yet");
    }

    Map<String, String> unused() {
        return Map.of();
    }
}
