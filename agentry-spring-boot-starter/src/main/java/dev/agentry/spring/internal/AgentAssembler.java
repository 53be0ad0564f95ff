package dev.agentry.spring.internal;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentConfig;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.Persona;
import dev.agentry.spring.AgentCustomizer;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns each {@code agentry.agents.<id>} tree into an {@link Agent}: the persona from
 * {@code persona} (inline) or {@code persona-file} (a resource), the rest as Agentry's
 * configuration JSON parsed by {@link AgentConfig#parse}, the model from the {@code model} section
 * or a LangChain4j {@link ChatModel} bean, then the {@link AgentCustomizer}s.
 */
public final class AgentAssembler {
    /** Where the agents are configured. */
    public static final String PREFIX = "agentry.agents";
    private static final Set<String> OWN_KEYS = Set.of("persona", "personaFile", "modelBean");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+)(?::-[^}]*)?}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Environment environment;
    private final ResourceLoader resources;
    private final BeanFactory beans;
    private final ObjectProvider<ChatModel> models;
    private final List<AgentCustomizer> customizers;

    /**
     * Creates the assembler.
     *
     * @param environment the application's environment
     * @param resources loads persona files
     * @param beans looks up named model beans
     * @param models the chat model beans
     * @param customizers applied to every agent, in order
     */
    public AgentAssembler(Environment environment, ResourceLoader resources, BeanFactory beans, ObjectProvider<ChatModel> models,
            List<AgentCustomizer> customizers) {
        this.environment = environment;
        this.resources = resources;
        this.beans = beans;
        this.models = models;
        this.customizers = List.copyOf(customizers);
    }

    /**
     * Builds and registers every configured agent.
     *
     * @param runtime the runtime to register them with
     * @throws ConfigException naming the agent's property path and the field
     */
    public void registerAll(AgentRuntime runtime) {
        PropertyTree.read(environment, PREFIX).forEach((id, tree) -> {
            if (!(tree instanceof Map<?, ?> map)) {
                throw new ConfigException(PREFIX + "." + id + ": expected the agent's settings (persona, plugins, policy, ...), found a value");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) map;
            runtime.register(agent(id, settings));
        });
    }

    Agent agent(String id, Map<String, Object> tree) {
        String source = PREFIX + "." + id;
        Map<String, Object> settings = new LinkedHashMap<>(tree);
        OWN_KEYS.forEach(settings::remove);
        Map<String, Object> agentSection = new LinkedHashMap<>();
        if (tree.get("agent") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> agentSection.put(k.toString(), v));
        }
        agentSection.putIfAbsent("id", id);
        settings.put("agent", agentSection);
        ChatModel bean = settings.containsKey("model") ? null : model(source, tree);
        if (bean != null) {
            // AgentConfig requires a model section; for a bean it only names where the model came from
            settings.put("model", Map.of("provider", ModelConfig.OPENAI, "name", "bean:" + tree.getOrDefault("modelBean", "ChatModel")));
        }
        String json = JSON.writeValueAsString(settings);
        AgentConfig config = AgentConfig.parse(json, source, environmentFor(json));
        Agent.Builder builder = Agent.builder(id).persona(persona(source, tree)).config(config);
        if (bean != null) {
            builder.model(bean);
        }
        customizers.forEach(c -> c.customize(id, builder));
        return builder.build();
    }

    private Persona persona(String source, Map<String, Object> tree) {
        Object inline = tree.get("persona");
        Object file = tree.get("personaFile");
        if (inline != null && file != null) {
            throw new ConfigException(source + ": give persona or persona-file, not both");
        }
        if (inline instanceof Map<?, ?> map) {
            return Persona.parse(JSON.writeValueAsString(map), source + ".persona");
        }
        if (inline != null) {
            throw new ConfigException(source + ".persona: expected the persona's fields (name, bio, ...); for a file use persona-file");
        }
        if (file == null) {
            throw new ConfigException(source + ": needs a persona (persona: {name: ..., bio: [...]}) or a persona-file");
        }
        Resource resource = resources.getResource(file.toString());
        try (InputStream in = resource.getInputStream()) {
            return Persona.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException(source + ".persona-file: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private ChatModel model(String source, Map<String, Object> tree) {
        Object name = tree.get("modelBean");
        if (name != null) {
            try {
                return beans.getBean(name.toString(), ChatModel.class);
            } catch (BeansException e) {
                throw new ConfigException(source + ".model-bean: no LangChain4j ChatModel bean named '" + name + "'", e);
            }
        }
        ChatModel only = models.getIfUnique();
        if (only == null) {
            throw new ConfigException(source + ": no model. Define one LangChain4j ChatModel bean, name one with "
                    + source + ".model-bean, or give a " + source + ".model section");
        }
        return only;
    }

    /** The process environment plus every {@code ${NAME}} the settings reference, looked up in Spring's environment. */
    private Map<String, String> environmentFor(String json) {
        Map<String, String> env = new HashMap<>(System.getenv());
        Matcher m = REFERENCE.matcher(json);
        while (m.find()) {
            String value = environment.getProperty(m.group(1));
            if (value != null) {
                env.put(m.group(1), value);
            }
        }
        return env;
    }
}
