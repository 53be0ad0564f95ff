package dev.agentry.core;

import dev.agentry.core.internal.config.ConfigParser;
import dev.agentry.core.internal.config.ParsedConfig;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an agent may do and with what: model, plugins, tools, policy, limits, and sections for
 * plugins (chain, feeds, memory). Separate from the {@link Persona}.
 *
 * <p>The file is JSON:
 *
 * <pre>{@code
 * {"agent":  {"id": "tipper", "persona": "tipper.persona.json"},
 *  "model":  {"provider": "openai", "baseUrl": "${OPENAI_BASE_URL:-https://api.openai.com/v1}",
 *             "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY}", "timeoutSeconds": 60,
 *             "maxAttempts": 4, "maxOutputTokens": 512},
 *  "plugins": ["chain", "social"],
 *  "tools":   ["transfer_token", "token_balance"],
 *  "policy":  {"allowTools": [], "denyTools": [], "fundsForUntrusted": false, "postForUntrusted": true,
 *              "minimumTrust": {"launch_token": "TRUSTED"},
 *              "rateLimits": [{"tool": "social_post", "calls": 10, "window": "PT1H"}],
 *              "spendCaps": [{"asset": "ETH", "amount": "0.05", "window": "P1D"}],
 *              "recipientCaps": [{"asset": "TIP", "amount": "10", "window": "P1D"}],
 *              "recipientAllowlist": ["0x..."],
 *              "approvalAbove": [{"asset": "ETH", "amount": "0.01"}],
 *              "approvalFor": ["launch_curve_token"],
 *              "signing": {"allowedPrefixes": ["Login to example.com: "], "allowedDomains": ["example.com"],
 *                          "approval": false}},
 *  "limits":  {"maxSteps": 6, "promptTokens": 2000, "turnTimeout": "PT2M", "overflow": "REJECT"},
 *  "chain":   {...}, "feeds": {...}, "memory": {...}}
 * }</pre>
 *
 * <p>Rules checked at load:
 * <ul>
 *   <li>Secrets appear only as {@code ${ENV_VAR}} references: any string field, anywhere in the
 *       file (plugin sections included), whose name contains {@code key}, {@code secret},
 *       {@code token}, {@code password}, {@code mnemonic} or {@code privateKey} must be exactly one
 *       reference (public descriptors such as {@code tokenAddress} or {@code tokenSymbol}, and EVM
 *       addresses, are exempt). A literal is refused without being echoed.
 *   <li>{@code ${NAME}} and {@code ${NAME:-default}} references in the core sections are resolved
 *       from the environment; an unset variable without default is an error naming it.
 *       Plugin sections are kept unresolved; plugins call {@link #resolve(String)}.
 *   <li>The policy section builds a {@link StandardPolicy} (see its rules); without
 *       {@code signing}, tools that sign with the agent's key are denied ({@link SigningGrant}).
 *   <li>Unknown fields in {@code agent}, {@code model}, {@code policy} and {@code limits} are
 *       errors; unknown top-level sections are kept for plugins ({@link #section(String)}).
 *   <li>Amounts are decimal strings ({@code "0.05"}), durations ISO-8601 ({@code "PT1H"},
 *       {@code "P1D"}); missing limits take {@link Limits#defaults()}.
 * </ul>
 * Every error is a {@link ConfigException} naming the file, the JSON path and the reason.
 *
 * <p>Immutable and thread-safe. {@code toString()} shows no secret values.
 */
public final class AgentConfig {
    private final ParsedConfig parsed;
    private final ConfigParser resolver;

    private AgentConfig(ParsedConfig parsed, ConfigParser resolver) {
        this.parsed = parsed;
        this.resolver = resolver;
    }

    /**
     * Loads a configuration file, resolving references from the process environment.
     *
     * @param file the JSON file
     * @return the configuration
     * @throws ConfigException naming the file, field and reason
     */
    public static AgentConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads a configuration file, resolving references from the given environment. The persona
     * path resolves against the file's directory.
     *
     * @param file the JSON file (UTF-8)
     * @param env the environment variables for {@code ${NAME}} references
     * @return the configuration
     * @throws ConfigException naming the file, field and reason
     */
    public static AgentConfig load(Path file, Map<String, String> env) {
        Objects.requireNonNull(file, "file");
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": configuration file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": configuration file is not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read configuration file: " + e.getClass().getSimpleName(), e);
        }
        return parse(json, file.toString(), env, Optional.ofNullable(file.toAbsolutePath().getParent()));
    }

    /**
     * Parses configuration JSON. A relative persona path is kept relative (to the working
     * directory).
     *
     * @param json the JSON text
     * @param sourceName the name used in error messages (a file name)
     * @param env the environment variables for {@code ${NAME}} references
     * @return the configuration
     * @throws ConfigException naming the source, field and reason
     */
    public static AgentConfig parse(String json, String sourceName, Map<String, String> env) {
        return parse(json, sourceName, env, Optional.empty());
    }

    private static AgentConfig parse(String json, String sourceName, Map<String, String> env, Optional<Path> baseDirectory) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(env, "env");
        ConfigParser parser = new ConfigParser(sourceName, env, baseDirectory);
        return new AgentConfig(parser.parse(json), parser);
    }

    /**
     * Returns the agent id ({@code agent.id}), if given.
     *
     * @return the id
     */
    public Optional<String> agentId() {
        return parsed.agentId();
    }

    /**
     * Returns the persona file ({@code agent.persona}), resolved against the configuration file's
     * directory, if given.
     *
     * @return the path
     */
    public Optional<Path> personaPath() {
        return parsed.personaPath();
    }

    /**
     * Loads the persona file named by {@code agent.persona}, if any.
     *
     * @return the persona
     * @throws ConfigException if the persona file is missing or invalid
     */
    public Optional<Persona> persona() {
        return parsed.personaPath().map(Persona::load);
    }

    /**
     * Returns the model settings.
     *
     * @return the model settings
     */
    public ModelConfig model() {
        return parsed.model();
    }

    /**
     * Builds the chat model the settings describe ({@link ChatModels#create(ModelConfig)}). Each
     * call builds a new model.
     *
     * @return the model
     */
    public ChatModel chatModel() {
        return ChatModels.create(parsed.model());
    }

    /**
     * Returns the limits; fields missing from the file take {@link Limits#defaults()}.
     *
     * @return the limits
     */
    public Limits limits() {
        return parsed.limits();
    }

    /**
     * Returns the plugin names to enable.
     *
     * @return plugin names, possibly empty
     */
    public List<String> plugins() {
        return parsed.plugins();
    }

    /**
     * Returns the tool names to enable.
     *
     * @return tool names; empty means every tool the plugins provide
     */
    public List<String> tools() {
        return parsed.tools();
    }

    /**
     * Builds the policy section into a new {@link StandardPolicy} whose spend windows survive
     * restarts through the journal. Without a policy section, the policy has
     * {@link StandardPolicy#builder()}'s defaults (no spending at all).
     *
     * @param journal the runtime's journal
     * @return the policy
     */
    public StandardPolicy policy(Journal journal) {
        Objects.requireNonNull(journal, "journal");
        return parsed.policy().applyTo(StandardPolicy.builder()).journal(journal).build();
    }

    /**
     * Returns a top-level section ({@code chain}, {@code feeds}, {@code memory}, or any other a
     * plugin reads), with typed getters that resolve {@code ${NAME}} references as they read.
     *
     * @param name section name
     * @return the section, if present
     */
    public Optional<ConfigSection> section(String name) {
        return Optional.ofNullable(parsed.sections().get(name)).filter(node -> !node.isNull())
                .map(node -> new ConfigSection(node.deepCopy(), "$." + name, resolver.reader(), resolver.environment()));
    }

    /**
     * Resolves a value's {@code ${NAME}} and {@code ${NAME:-default}} references against the
     * environment the configuration was loaded with.
     *
     * @param value the value
     * @return the resolved value
     * @throws ConfigException naming the variable if one without default is unset
     */
    public String resolve(String value) {
        return resolve(value, "(value resolved by a plugin)");
    }

    /**
     * Resolves a value's references, naming the field in errors.
     *
     * @param value the value
     * @param field the JSON path of the field the value came from, such as {@code $.chain.rpcUrl}
     * @return the resolved value
     * @throws ConfigException naming the file, field and variable if one without default is unset
     */
    public String resolve(String value, String field) {
        return resolver.resolve(Objects.requireNonNull(value, "value"), field);
    }

    /**
     * Resolves a secret reference.
     *
     * @param reference a {@code ${NAME}} reference ({@code ${NAME:-}} allows an empty value)
     * @return the secret, whose origin is {@code ${NAME}}
     * @throws ConfigException for a literal (the message does not show it) or an unset variable
     */
    public Secret secret(String reference) {
        return secret(reference, "(secret resolved by a plugin)");
    }

    /**
     * Resolves a secret reference, naming the field in errors.
     *
     * @param reference a {@code ${NAME}} reference
     * @param field the JSON path of the field the reference came from
     * @return the secret, whose origin is {@code ${NAME}}
     * @throws ConfigException for a literal (the message does not show it) or an unset variable
     */
    public Secret secret(String reference, String field) {
        return resolver.secret(Objects.requireNonNull(reference, "reference"), field);
    }

    /**
     * Returns the top-level sections core does not read, by name, with their JSON path.
     *
     * @return section name to path
     */
    Map<String, String> unused() {
        Map<String, String> out = new LinkedHashMap<>();
        parsed.sections().keySet().stream()
                .filter(name -> !ConfigParser.coreSections().contains(name))
                .forEach(name -> out.put(name, "$." + name));
        return out;
    }

    /** Describes the configuration without any secret value. */
    @Override
    public String toString() {
        return "AgentConfig[source=" + parsed.source()
                + ", agentId=" + parsed.agentId().orElse("-")
                + ", persona=" + parsed.personaPath().map(Path::toString).orElse("-")
                + ", model=" + parsed.model()
                + ", plugins=" + parsed.plugins()
                + ", tools=" + parsed.tools()
                + ", limits=" + parsed.limits()
                + ", otherSections=" + unused().keySet() + "]";
    }
}
