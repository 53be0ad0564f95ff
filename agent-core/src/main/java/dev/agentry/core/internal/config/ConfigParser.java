package dev.agentry.core.internal.config;

import dev.agentry.core.ConfigException;
import dev.agentry.core.Limits;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Parses an agent configuration file into {@link ParsedConfig}: checks secrets first (anywhere in
 * the file), then the {@code agent}, {@code model}, {@code plugins}, {@code tools}, {@code policy}
 * and {@code limits} sections; any other top-level section is kept raw for plugins. Unknown fields
 * inside the known sections are errors, so a typo in a money setting never passes silently.
 *
 * <p>Not thread-safe; use one instance per parse.
 */
public final class ConfigParser {
    private static final Set<String> MODEL_FIELDS = Set.of("provider", "baseUrl", "name", "apiKey", "timeoutSeconds", "maxAttempts", "maxOutputTokens");
    private static final Set<String> AGENT_FIELDS = Set.of("id", "persona");
    private static final Set<String> LIMITS_FIELDS = Set.of("maxSteps", "promptTokens", "recentTokens", "recallLimit", "recallTokens",
            "dailyTokenBudget", "turnTimeout", "maxAttempts", "mailboxCapacity", "overflow");
    private static final List<String> CORE_SECTIONS = List.of("agent", "model", "plugins", "tools", "policy", "limits");

    private final NodeReader in;
    private final EnvReferences env;
    private final Optional<Path> baseDirectory;

    /**
     * Creates a parser.
     *
     * @param sourceName the file name used in messages
     * @param env the environment for {@code ${NAME}} references
     * @param baseDirectory the directory relative paths (the persona) resolve against, if any
     */
    public ConfigParser(String sourceName, Map<String, String> env, Optional<Path> baseDirectory) {
        this.in = new NodeReader(sourceName);
        this.env = new EnvReferences(env);
        this.baseDirectory = baseDirectory;
    }

    /**
     * Returns the reader of this configuration's file, for sections read by plugins.
     *
     * @return the reader
     */
    public NodeReader reader() {
        return in;
    }

    /**
     * Returns the environment references resolve against.
     *
     * @return the environment
     */
    public EnvReferences environment() {
        return env;
    }

    /**
     * Parses the configuration.
     *
     * @param json the JSON text
     * @return the parsed configuration
     * @throws ConfigException naming the file, JSON path and reason
     */
    public ParsedConfig parse(String json) {
        JsonNode root = in.parseObject(json);
        checkSecrets(root, "$");
        Optional<String> agentId = Optional.empty();
        Optional<Path> persona = Optional.empty();
        JsonNode agent = root.get("agent");
        if (agent != null) {
            in.object(agent, "$.agent");
            in.requireKnown(agent, "$.agent", AGENT_FIELDS);
            if (agent.has("id")) {
                agentId = Optional.of(text(agent.get("id"), "$.agent.id", true));
            }
            if (agent.has("persona")) {
                Path path = Path.of(text(agent.get("persona"), "$.agent.persona", true));
                persona = Optional.of(baseDirectory.map(dir -> dir.resolve(path)).orElse(path).normalize());
            }
        }
        JsonNode model = root.get("model");
        if (model == null) {
            throw in.error("$.model", "the model section is required");
        }
        ModelConfig modelConfig = model(model, "$.model");
        List<String> plugins = root.has("plugins") ? in.stringList(root.get("plugins"), "$.plugins") : List.of();
        List<String> tools = root.has("tools") ? in.stringList(root.get("tools"), "$.tools") : List.of();
        PolicySettings policy = root.has("policy") ? new PolicyParser(in, env).parse(root.get("policy"), "$.policy") : new PolicySettings(List.of());
        Limits limits = root.has("limits") ? limits(root.get("limits"), "$.limits") : Limits.defaults();
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        for (var field : root.properties()) {
            sections.put(field.getKey(), field.getValue().deepCopy());
        }
        return new ParsedConfig(in.source(), agentId, persona, modelConfig, plugins, tools, policy, limits, sections);
    }

    /**
     * Names the top-level sections that are core's own.
     *
     * @return the section names
     */
    public static List<String> coreSections() {
        return CORE_SECTIONS;
    }

    private void checkSecrets(JsonNode node, String path) {
        if (node.isObject()) {
            boolean trustMap = path.equals("$.policy.minimumTrust");
            for (var field : node.properties()) {
                String fieldPath = NodeReader.child(path, field.getKey());
                JsonNode value = field.getValue();
                if (!trustMap && SecretFields.looksSecret(field.getKey())) {
                    checkSecretValue(value, fieldPath);
                }
                checkSecrets(value, fieldPath);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkSecrets(node.get(i), NodeReader.index(path, i));
            }
        }
    }

    private void checkSecretValue(JsonNode value, String path) {
        if (value.isString() && !SecretFields.acceptable(value.stringValue())) {
            throw in.error(path, "literal secrets are not allowed; use ${ENV_VAR} (a reference to an environment variable)");
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkSecretValue(value.get(i), NodeReader.index(path, i));
            }
        }
    }

    private ModelConfig model(JsonNode node, String path) {
        in.object(node, path);
        in.requireKnown(node, path, MODEL_FIELDS);
        if (!node.has("provider")) {
            throw in.error(path + ".provider", "required; one of " + String.join(", ", ModelConfig.PROVIDERS.stream().sorted().toList()));
        }
        String rawProvider = in.string(node.get("provider"), path + ".provider");
        String provider = text(node.get("provider"), path + ".provider", true).strip().toLowerCase(java.util.Locale.ROOT);
        if (!ModelConfig.PROVIDERS.contains(provider)) {
            throw in.error(path + ".provider", "unknown provider \"" + rawProvider + "\"; expected one of "
                    + String.join(", ", ModelConfig.PROVIDERS.stream().sorted().toList()));
        }
        if (!node.has("name")) {
            throw in.error(path + ".name", "required: the model name");
        }
        String name = text(node.get("name"), path + ".name", true);
        Optional<String> baseUrl = node.has("baseUrl") ? Optional.of(text(node.get("baseUrl"), path + ".baseUrl", false)) : Optional.empty();
        Secret apiKey = node.has("apiKey") ? secret(node.get("apiKey"), path + ".apiKey") : Secret.of("", "none");
        Duration timeout = node.has("timeoutSeconds")
                ? Duration.ofSeconds(in.whole(node.get("timeoutSeconds"), path + ".timeoutSeconds", 1))
                : ModelConfig.DEFAULT_TIMEOUT;
        int attempts = node.has("maxAttempts") ? in.integer(node.get("maxAttempts"), path + ".maxAttempts", 1) : ModelConfig.DEFAULT_MAX_ATTEMPTS;
        Optional<Integer> maxOutput = node.has("maxOutputTokens")
                ? Optional.of(in.integer(node.get("maxOutputTokens"), path + ".maxOutputTokens", 1))
                : Optional.empty();
        try {
            return new ModelConfig(provider, baseUrl, name, apiKey, timeout, attempts, maxOutput);
        } catch (IllegalArgumentException e) {
            throw in.error(path, e.getMessage());
        }
    }

    /**
     * Reads a secret field: a {@code ${NAME}} reference resolved from the environment.
     *
     * @param node the field value
     * @param path its path
     * @return the secret, with the reference as its origin
     */
    public Secret secret(JsonNode node, String path) {
        String reference = in.string(node, path);
        return secret(reference, path);
    }

    /**
     * Resolves a secret reference.
     *
     * @param reference a {@code ${NAME}} (or {@code ${NAME:-}}) reference
     * @param path the field it came from, for messages
     * @return the secret, with origin {@code ${NAME}}
     * @throws ConfigException for a literal (without showing it) or an unset variable
     */
    public Secret secret(String reference, String path) {
        Optional<String> variable = EnvReferences.singleReference(reference);
        if (variable.isEmpty()) {
            throw in.error(path, "literal secrets are not allowed; use ${ENV_VAR} (a reference to an environment variable)");
        }
        return Secret.of(resolve(reference, path), "${" + variable.get() + "}");
    }

    /**
     * Resolves {@code ${NAME}} references in a value.
     *
     * @param value the value
     * @param path the field it came from, for messages
     * @return the resolved value
     */
    public String resolve(String value, String path) {
        return env.resolve(value, reason -> in.error(path, reason));
    }

    private String text(JsonNode node, String path, boolean nonBlank) {
        String value = resolve(in.string(node, path), path);
        if (nonBlank && value.isBlank()) {
            throw in.error(path, "must not be blank");
        }
        return value;
    }

    private Limits limits(JsonNode node, String path) {
        in.object(node, path);
        in.requireKnown(node, path, LIMITS_FIELDS);
        Limits d = Limits.defaults();
        int maxSteps = node.has("maxSteps") ? in.integer(node.get("maxSteps"), path + ".maxSteps", 1) : d.maxSteps();
        int promptTokens = node.has("promptTokens") ? in.integer(node.get("promptTokens"), path + ".promptTokens", 1) : d.promptTokens();
        int recentTokens = node.has("recentTokens") ? in.integer(node.get("recentTokens"), path + ".recentTokens", 0) : d.recentTokens();
        int recallLimit = node.has("recallLimit") ? in.integer(node.get("recallLimit"), path + ".recallLimit", 0) : d.recallLimit();
        int recallTokens = node.has("recallTokens") ? in.integer(node.get("recallTokens"), path + ".recallTokens", 0) : d.recallTokens();
        long daily = node.has("dailyTokenBudget") ? in.whole(node.get("dailyTokenBudget"), path + ".dailyTokenBudget", 0) : d.dailyTokenBudget();
        Duration turnTimeout = node.has("turnTimeout") ? in.duration(node.get("turnTimeout"), path + ".turnTimeout") : d.turnTimeout();
        int attempts = node.has("maxAttempts") ? in.integer(node.get("maxAttempts"), path + ".maxAttempts", 1) : d.maxAttempts();
        int capacity = node.has("mailboxCapacity") ? in.integer(node.get("mailboxCapacity"), path + ".mailboxCapacity", 1) : d.mailboxCapacity();
        Limits.Overflow overflow = d.overflow();
        if (node.has("overflow")) {
            String name = in.string(node.get("overflow"), path + ".overflow");
            try {
                overflow = Limits.Overflow.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw in.error(path + ".overflow", "expected one of " + Arrays.toString(Limits.Overflow.values()) + ", got \"" + name + "\"");
            }
        }
        try {
            return new Limits(maxSteps, promptTokens, recentTokens, recallLimit, recallTokens, daily, turnTimeout, attempts, capacity, overflow);
        } catch (IllegalArgumentException e) {
            throw in.error(path, e.getMessage());
        }
    }
}
