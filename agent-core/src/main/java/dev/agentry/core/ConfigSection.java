package dev.agentry.core;

import dev.agentry.core.internal.config.EnvReferences;
import dev.agentry.core.internal.config.NodeReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One object of an agent's configuration, read with typed getters: the one reader every plugin
 * uses for its section ({@code chain}, {@code feeds}, ...), so every plugin reports bad values the
 * same way.
 *
 * <p>Every error is a {@link ConfigException} naming the file, the JSON path of the field and the
 * reason, never the value of a string field (it could be a secret). String values have their
 * {@code ${NAME}} and {@code ${NAME:-default}} references resolved against the environment the
 * configuration was loaded with; {@link #secret(String)} insists on a reference, so a key cannot
 * be pasted into a file.
 *
 * <p>{@link #requireOnly} rejects keys the plugin does not know, naming each, so a typo such as
 * {@code "rpcURL"} fails at start instead of being ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigSection {
    private final JsonNode node;
    private final String path;
    private final NodeReader reader;
    private final EnvReferences env;

    ConfigSection(JsonNode node, String path, NodeReader reader, EnvReferences env) {
        this.reader = reader;
        this.node = reader.object(node, path);
        this.path = path;
        this.env = env;
    }

    /**
     * Parses a section from JSON text, for tests and for plugins used without a configuration file.
     *
     * @param source the name used in error messages (a file name, or something like {@code "test"})
     * @param json a JSON object
     * @param environment the variables {@code ${NAME}} references resolve against
     * @return the section, at path {@code $}
     * @throws ConfigException if the text is not a JSON object (with line and column)
     */
    public static ConfigSection parse(String source, String json, Map<String, String> environment) {
        NodeReader reader = new NodeReader(Objects.requireNonNull(source, "source"));
        return new ConfigSection(reader.parseObject(json), "$", reader, new EnvReferences(environment));
    }

    /**
     * Returns this section's JSON path in its file, such as {@code $.chain}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the keys present, in file order.
     *
     * @return the keys
     */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        node.propertyNames().forEach(keys::add);
        return keys;
    }

    /**
     * Returns whether a key is present with a value other than JSON {@code null}.
     *
     * @param key the key
     * @return {@code true} if present
     */
    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /**
     * Fails on any key not in {@code known}, naming every unknown key at once.
     *
     * @param known the keys the reader understands
     * @return this section
     * @throws ConfigException naming the unknown keys and the known ones
     */
    public ConfigSection requireOnly(Collection<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String key : keys()) {
            if (!known.contains(key)) {
                unknown.add(NodeReader.child(path, key));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(reader.source() + ": unknown " + (unknown.size() == 1 ? "field " : "fields ")
                    + String.join(", ", unknown) + "; known fields here: " + String.join(", ", new LinkedHashSet<>(known)));
        }
        return this;
    }

    /**
     * Reads a required, non-blank string, with references resolved.
     *
     * @param key the key
     * @return the value
     * @throws ConfigException if missing, not a string, blank, or a referenced variable is unset
     */
    public String string(String key) {
        String at = at(key);
        return resolve(reader.nonBlank(required(key), at), at);
    }

    /**
     * Reads an optional string, with references resolved; JSON {@code null} counts as absent.
     *
     * @param key the key
     * @return the value, if present
     */
    public Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    /**
     * Reads a string, or returns a default when absent.
     *
     * @param key the key
     * @param defaultValue the default
     * @return the value
     */
    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    /**
     * Reads a string or a list of strings as a list, with references resolved; absent is empty.
     *
     * @param key the key
     * @return the values
     */
    public List<String> strings(String key) {
        if (!has(key)) {
            return List.of();
        }
        String at = at(key);
        List<String> out = new ArrayList<>();
        List<String> raw = reader.stringOrList(node.get(key), at);
        for (int i = 0; i < raw.size(); i++) {
            out.add(resolve(raw.get(i), NodeReader.index(at, i)));
        }
        return List.copyOf(out);
    }

    /**
     * Reads a secret, which must be a {@code ${NAME}} reference.
     *
     * @param key the key
     * @return the secret
     * @throws ConfigException if missing, a literal (not shown), or the variable is unset
     */
    public Secret secret(String key) {
        String at = at(key);
        String reference = reader.string(required(key), at);
        Optional<String> variable = EnvReferences.singleReference(reference);
        if (variable.isEmpty()) {
            throw reader.error(at, "must be a ${NAME} reference to an environment variable; a literal secret is not accepted (value not shown)");
        }
        return Secret.of(resolve(reference, at), "${" + variable.get() + "}");
    }

    /**
     * Reads an optional secret; see {@link #secret(String)}.
     *
     * @param key the key
     * @return the secret, if the key is present
     */
    public Optional<Secret> optionalSecret(String key) {
        return has(key) ? Optional.of(secret(key)) : Optional.empty();
    }

    /**
     * Reads a non-negative decimal amount, written as a string ({@code "0.05"}) or a number.
     *
     * @param key the key
     * @return the amount, if present
     */
    public Optional<BigDecimal> amount(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        String at = at(key);
        if (value.isString()) {
            return Optional.of(reader.amount(value.stringValue().contains("${") ? textNode(resolve(value.stringValue(), at)) : value, at));
        }
        return Optional.of(reader.amount(value, at));
    }

    /**
     * Reads a positive ISO-8601 duration such as {@code "PT15M"}.
     *
     * @param key the key
     * @return the duration, if present
     */
    public Optional<Duration> duration(String key) {
        return has(key) ? Optional.of(reader.duration(node.get(key), at(key))) : Optional.empty();
    }

    /**
     * Reads a whole number of at least {@code min}, or a default when absent. A string is accepted
     * too (after resolving references), so {@code "${CHAIN_ID}"} works.
     *
     * @param key the key
     * @param min the least value accepted
     * @param defaultValue the default
     * @return the value
     */
    public long whole(String key, long min, long defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode value = node.get(key);
        String at = at(key);
        if (value.isString()) {
            String text = resolve(value.stringValue(), at).strip();
            try {
                value = tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw reader.error(at, "expected a whole number, got a string that is not one");
            }
        }
        return reader.whole(value, at, min);
    }

    /**
     * Reads an int of at least {@code min}, or a default when absent.
     *
     * @param key the key
     * @param min the least value accepted
     * @param defaultValue the default
     * @return the value
     */
    public int integer(String key, int min, int defaultValue) {
        long value = whole(key, min, defaultValue);
        if (value > Integer.MAX_VALUE) {
            throw reader.error(at(key), "must be at most " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }

    /**
     * Reads {@code true} or {@code false}, or a default when absent.
     *
     * @param key the key
     * @param defaultValue the default
     * @return the value
     */
    public boolean bool(String key, boolean defaultValue) {
        return has(key) ? reader.bool(node.get(key), at(key)) : defaultValue;
    }

    /**
     * Reads a nested object.
     *
     * @param key the key
     * @return the section, if present
     */
    public Optional<ConfigSection> section(String key) {
        return has(key) ? Optional.of(new ConfigSection(node.get(key), at(key), reader, env)) : Optional.empty();
    }

    /**
     * Reads a list of objects; absent is empty.
     *
     * @param key the key
     * @return the sections, in order
     */
    public List<ConfigSection> sections(String key) {
        if (!has(key)) {
            return List.of();
        }
        String at = at(key);
        JsonNode list = reader.list(node.get(key), at);
        List<ConfigSection> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new ConfigSection(list.get(i), NodeReader.index(at, i), reader, env));
        }
        return List.copyOf(out);
    }

    /**
     * Reads an object whose values are objects, keyed by name (for example feeds by provider).
     *
     * @param key the key
     * @return the sections by name, in file order; empty if absent
     */
    public Map<String, ConfigSection> sectionsByName(String key) {
        Optional<ConfigSection> parent = section(key);
        Map<String, ConfigSection> out = new LinkedHashMap<>();
        parent.ifPresent(p -> p.keys().forEach(name -> out.put(name, p.section(name)
                .orElseThrow(() -> p.error(name, "expected an object, got null")))));
        return out;
    }

    /**
     * Reads an object whose values are strings, with references resolved; absent is empty.
     *
     * @param key the key
     * @return the map, in file order
     */
    public Map<String, String> stringMap(String key) {
        Optional<ConfigSection> parent = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        parent.ifPresent(p -> p.keys().forEach(name -> out.put(name, p.string(name))));
        return out;
    }

    /**
     * Creates the exception for a bad value of a key, naming the file and path.
     *
     * @param key the key
     * @param reason what is wrong (must not quote a secret)
     * @return the exception, to throw
     */
    public ConfigException error(String key, String reason) {
        return reader.error(at(key), reason);
    }

    /**
     * Returns the section as compact JSON text, references unresolved (for plugins that hand a
     * section to another library).
     *
     * @return the JSON text
     */
    public String json() {
        return node.toString();
    }

    @Override
    public String toString() {
        return "ConfigSection[" + reader.source() + " " + path + ", keys=" + keys() + "]";
    }

    private JsonNode required(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw reader.error(at(key), "is required");
        }
        return value;
    }

    private String at(String key) {
        return NodeReader.child(path, key);
    }

    private String resolve(String value, String at) {
        return env.resolve(value, reason -> reader.error(at, reason));
    }

    private static JsonNode textNode(String value) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(value);
    }
}
