package dev.agentry.runner;

import dev.agentry.core.AgentConfig;
import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Persona;
import dev.agentry.core.Plugin;
import dev.agentry.tools.social.FeedProvider;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code agentry check}, which every other command runs first: reads a bot folder and reports every
 * problem at once, before anything is started or created. Each section of the configuration is
 * checked on its own (so a mistake in one does not hide those in the others): environment
 * variables referenced without a default and not set, the core sections (agent, model, plugins,
 * tools, policy, limits; literal secrets anywhere), the persona file, the plugins named (on the
 * class path?) and the sections they read ({@code chain}, {@code feeds}), the runner's own
 * sections ({@code console}, {@code localChain}), the model (a key, or a {@code demo.json}) and
 * {@code demo.json} itself.
 */
final class BotCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLACEHOLDER_MODEL = "{\"provider\":\"openai\",\"name\":\"check\"}";
    /** Sections read by a plugin, which must then be listed in {@code plugins}. */
    private static final Map<String, String> PLUGIN_SECTIONS = Map.of("chain", "chain", "feeds", "social", "recipients", "recipients");

    /**
     * What the check found.
     *
     * @param root the parsed configuration file (empty when it is not JSON)
     * @param env the environment, with a stand-in for every variable that is missing (empty for the ones the runner supplies)
     * @param problems the problems
     */
    record Result(ObjectNode root, Map<String, String> env, Problems problems) {}

    private BotCheck() {}

    /**
     * Checks a bot folder.
     *
     * @param folder the folder
     * @param env the environment
     * @param mcp whether the bot is to be served over MCP (then {@code mcp.serve} is required)
     * @return the result
     */
    static Result check(BotFolder folder, Map<String, String> env, boolean mcp) {
        Problems problems = new Problems();
        String file = BotFolder.shown(folder.config());
        ObjectNode root;
        try {
            String text = Files.readString(folder.config());
            ConfigSection.parse(file, text, env);
            root = (ObjectNode) JSON.readTree(text);
        } catch (MalformedInputException e) {
            problems.add(file, "$", "is not valid UTF-8");
            return new Result(JSON.createObjectNode(), env, problems);
        } catch (IOException e) {
            problems.add(file, "$", "cannot be read: " + e.getClass().getSimpleName());
            return new Result(JSON.createObjectNode(), env, problems);
        } catch (ConfigException e) {
            problems.add(e);
            return new Result(JSON.createObjectNode(), env, problems);
        }
        Set<String> supplied = ChainCheck.embedded(root, file, env) ? Set.of("$.chain.wallet.privateKey") : Set.of();
        Map<String, String> completed = EnvScan.scan(root, file, env, supplied, problems);
        sections(root, file, completed, problems);
        persona(root, folder, file, completed, problems);
        plugins(root, file, problems);
        ChainCheck.check(root, file, completed, problems);
        problems.check(() -> Sections.of(root, "feeds", file, completed).ifPresent(feeds -> feeds(feeds, problems)));
        problems.check(() -> TerminalFeed.Settings.read(Sections.of(root, "console", file, completed)));
        if (root.has("model")) {
            problems.value(() -> AgentConfig.parse(mini(root, "model"), file, completed).model())
                    .ifPresent(model -> ModelChoice.check(model, folder, file, problems));
        }
        if (Files.exists(folder.demo())) {
            problems.check(() -> DemoScript.load(folder.demo()));
        }
        if (Files.exists(folder.knowledge()) && !Files.isDirectory(folder.knowledge())) {
            problems.add(BotFolder.shown(folder.knowledge()), "$", "must be a folder of documents");
        }
        if (mcp && root.path("mcp").path("serve").path("stdio").isMissingNode() && root.path("mcp").path("serve").path("http").isMissingNode()) {
            problems.add(file, "$.mcp.serve", "is required to serve the bot over MCP, with \"stdio\", \"http\" or both, e.g. "
                    + "{\"credentials\": {\"operator\": {\"trust\": \"OWNER\"}}, \"stdio\": {\"credential\": \"operator\"}}");
        }
        return new Result(root, completed, problems);
    }

    /** Checks each top-level section on its own beside a stand-in model, so that one section's mistake hides no other's. */
    private static void sections(ObjectNode root, String file, Map<String, String> env, Problems problems) {
        if (!root.has("model")) {
            problems.add(file, "$.model", "the model section is required, e.g. {\"provider\": \"openai\", \"name\": \"gpt-4o-mini\", \"apiKey\": \"${OPENAI_API_KEY}\"}");
        }
        root.propertyNames().forEach(name -> problems.check(() -> AgentConfig.parse(mini(root, name), file, env)));
    }

    private static String mini(ObjectNode root, String section) {
        ObjectNode mini = JSON.createObjectNode();
        mini.set("model", section.equals("model") ? root.get("model") : JSON.readTree(PLACEHOLDER_MODEL));
        mini.set(section, root.get(section));
        return mini.toString();
    }

    private static void persona(ObjectNode root, BotFolder folder, String file, Map<String, String> env, Problems problems) {
        String id = root.path("agent").path("id").asString(folder.dir().getFileName().toString());
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            problems.add(file, "$.agent.id", "the agent id \"" + id + "\" must be 1-64 letters, digits, '.', '_' or '-' (without agent.id it is the folder's name)");
        }
        Optional<String> persona = problems.value(() -> Sections.of(root, "agent", file, env).flatMap(a -> a.optionalString("persona"))).flatMap(p -> p);
        if (persona.isEmpty()) {
            if (!root.path("agent").has("persona")) {
                problems.add(file, "$.agent.persona", "is required: the persona file beside the configuration, e.g. \"persona.json\"");
            }
            return;
        }
        Path path = folder.dir().resolve(persona.get()).normalize();
        problems.check(() -> Persona.load(Path.of(BotFolder.shown(path))));
    }

    private static void plugins(ObjectNode root, String file, Problems problems) {
        Map<String, Plugin> available = new TreeMap<>();
        ServiceLoader.load(Plugin.class).forEach(p -> available.putIfAbsent(p.name(), p));
        Set<String> listed = new HashSet<>();
        var plugins = root.path("plugins");
        for (int i = 0; i < plugins.size(); i++) {
            String name = plugins.get(i).asString("");
            listed.add(name);
            if (!available.containsKey(name)) {
                problems.add(file, "$.plugins[" + i + "]", "no plugin named \"" + name + "\" is installed; installed: " + String.join(", ", available.keySet()));
            }
        }
        PLUGIN_SECTIONS.forEach((section, plugin) -> {
            if (root.has(section) && !listed.contains(plugin)) {
                problems.add(file, "$." + section, "is not used: add \"" + plugin + "\" to $.plugins (the " + plugin + " plugin reads it), or remove the section");
            }
        });
    }

    /** Checks the feeds the social plugin would build: known feed keys, and each feed's own keys. */
    private static void feeds(ConfigSection feeds, Problems problems) {
        Map<String, FeedProvider> providers = new TreeMap<>();
        ServiceLoader.load(FeedProvider.class).forEach(p -> providers.putIfAbsent(p.key(), p));
        Set<String> known = new TreeSet<>(providers.keySet());
        known.addAll(List.of("autonomousPosts", "nearDuplicates"));
        for (String key : feeds.keys()) {
            FeedProvider provider = providers.get(key);
            if (!known.contains(key)) {
                problems.add(feeds.error(key, "unknown feed; known keys: " + String.join(", ", known)));
            } else if (provider != null) {
                Set<String> keys = new HashSet<>(provider.keys());
                keys.addAll(FeedProvider.POLLER_KEYS);
                problems.check(() -> feeds.section(key).ifPresent(s -> s.requireOnly(keys)));
            }
        }
    }
}
