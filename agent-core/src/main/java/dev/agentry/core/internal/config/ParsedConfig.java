package dev.agentry.core.internal.config;

import dev.agentry.core.Limits;
import dev.agentry.core.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The checked content of an agent configuration file.
 *
 * @param source the file or source name
 * @param agentId {@code agent.id}, if given
 * @param personaPath {@code agent.persona}, resolved against the file's directory, if given
 * @param model the model settings
 * @param plugins plugin names
 * @param tools tool names (empty = all)
 * @param policy the policy settings
 * @param limits the limits
 * @param sections every top-level section, raw, in file order
 */
public record ParsedConfig(
        String source,
        Optional<String> agentId,
        Optional<Path> personaPath,
        ModelConfig model,
        List<String> plugins,
        List<String> tools,
        PolicySettings policy,
        Limits limits,
        Map<String, JsonNode> sections) {

    /** Copies collections. */
    public ParsedConfig {
        plugins = List.copyOf(plugins);
        tools = List.copyOf(tools);
        sections = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
    }
}
