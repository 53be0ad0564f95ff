package dev.agentry.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.ConfigException;
import dev.agentry.core.Persona;
import dev.agentry.core.internal.config.NodeReader;
import dev.agentry.core.internal.config.PromptRenderer;
import dev.agentry.core.internal.config.SecretFields;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads persona JSON (Agentry's format and ElizaOS character files of the 0.x and 1.x shapes) and
 * renders the system prompt.
 *
 * <p>Accepted fields: {@code name} (required), {@code bio}, {@code lore}, {@code system},
 * {@code style {all, chat, post}}, {@code topics}, {@code adjectives}, {@code messageExamples}
 * (0.x messages {@code {"user", "content": {"text"}}}, 1.x {@code {"name", "content": {"text"}}}
 * or Agentry's {@code {"author", "text"}}), {@code postExamples}, {@code knowledge} (strings, or
 * {@code {"path"}} / {@code {"directory"}} objects kept as {@code "path:..."} /
 * {@code "directory:..."} references) and {@code settings} (scalars flattened with dotted keys;
 * {@code settings.model}, {@code modelProvider}, {@code embeddingModel} and {@code modelConfig} are
 * dropped with one info line, since the agent configuration chooses the model). Secrets ({@code settings.secrets}, top-level {@code secrets}, secret-looking settings) are dropped
 * with one warning that names no value. Every other field is ignored with one debug line.
 *
 * <p>Thread-safe.
 */
public final class PersonaParser {
    private static final Logger LOG = LoggerFactory.getLogger(PersonaParser.class);
    private static final Set<String> MESSAGE_CONTENT_EXTRAS = Set.of("action", "actions", "providers", "thought", "source", "attachments", "inReplyTo");
    /** ElizaOS settings that choose a model: the configuration's model section does that here. */
    private static final Set<String> MODEL_SETTINGS = Set.of("model", "modelProvider", "embeddingModel", "modelConfig");
    private static final Cache<Persona, String> RENDERED = Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

    private PersonaParser() {}

    /**
     * Loads a persona file (UTF-8).
     *
     * @param file the file
     * @return the persona
     * @throws ConfigException if the file cannot be read or is not a valid persona
     */
    public static Persona load(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": persona file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": persona file is not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read persona file: " + e.getClass().getSimpleName(), e);
        }
        return parse(json, file.toString());
    }

    /**
     * Parses persona JSON.
     *
     * @param json the JSON text
     * @param sourceName the name used in error messages
     * @return the persona
     * @throws ConfigException naming the source, the JSON path of the bad field and the reason
     */
    public static Persona parse(String json, String sourceName) {
        return new Reading(new NodeReader(sourceName)).persona(json);
    }

    /**
     * Renders the system prompt: the same text for the same persona, every time. Cached per
     * persona instance.
     *
     * @param persona the persona
     * @return the system prompt
     */
    public static String render(Persona persona) {
        return RENDERED.get(persona, PersonaParser::renderAndWarn);
    }

    private static String renderAndWarn(Persona persona) {
        PromptRenderer.Rendered rendered = PromptRenderer.render(persona);
        if (!rendered.cuts().isEmpty()) {
            LOG.warn("persona {}: the system prompt shows only {}; the rest is not shown to the model"
                    + " (inline knowledge stays in Persona.knowledge() for a store to ingest)", persona.name(), String.join(", ", rendered.cuts()));
        }
        return rendered.text();
    }

    /** State of one parse: the reader and the ignored-field paths already logged. */
    private static final class Reading {
        private final NodeReader in;
        private final Set<String> loggedIgnored = new HashSet<>();
        private final List<String> droppedSecrets = new ArrayList<>();
        private final List<String> droppedModel = new ArrayList<>();

        Reading(NodeReader in) {
            this.in = in;
        }

        Persona persona(String json) {
            JsonNode root = in.parseObject(json);
            String name = null;
            List<String> bio = List.of();
            List<String> lore = List.of();
            Optional<String> system = Optional.empty();
            Persona.Style style = Persona.Style.none();
            List<String> topics = List.of();
            List<String> adjectives = List.of();
            List<List<Persona.ExampleMessage>> messages = List.of();
            List<String> posts = List.of();
            List<String> knowledge = List.of();
            Map<String, String> settings = new LinkedHashMap<>();
            for (var field : root.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                String path = NodeReader.child("$", key);
                switch (key) {
                    case "name" -> name = in.nonBlank(value, path);
                    case "bio" -> bio = in.stringOrList(value, path);
                    case "lore" -> lore = in.stringOrList(value, path);
                    case "system" -> system = Optional.of(in.string(value, path)).filter(s -> !s.isBlank());
                    case "style" -> style = style(value, path);
                    case "topics" -> topics = in.stringOrList(value, path);
                    case "adjectives" -> adjectives = in.stringOrList(value, path);
                    case "messageExamples" -> messages = conversations(value, path);
                    case "postExamples" -> posts = in.stringOrList(value, path);
                    case "knowledge" -> knowledge = knowledge(value, path);
                    case "settings" -> settings(value, path, settings);
                    case "secrets" -> droppedSecrets.add(path);
                    default -> ignored(path);
                }
            }
            if (name == null) {
                throw in.error("$.name", "the persona needs a name");
            }
            if (!droppedSecrets.isEmpty()) {
                LOG.warn("{}: dropped secrets at {} (personas hold no secrets; put them in the agent configuration as ${ENV_VAR} references)",
                        in.source(), String.join(", ", droppedSecrets));
            }
            if (!droppedModel.isEmpty()) {
                LOG.info("{}: not using {} (the agent configuration's model section chooses the model)", in.source(), String.join(", ", droppedModel));
            }
            return new Persona(name, bio, lore, system, style, topics, adjectives, messages, posts, knowledge, settings);
        }

        private Persona.Style style(JsonNode node, String path) {
            in.object(node, path);
            List<String> all = List.of();
            List<String> chat = List.of();
            List<String> post = List.of();
            for (var field : node.properties()) {
                String fieldPath = NodeReader.child(path, field.getKey());
                switch (field.getKey()) {
                    case "all" -> all = in.stringOrList(field.getValue(), fieldPath);
                    case "chat" -> chat = in.stringOrList(field.getValue(), fieldPath);
                    case "post" -> post = in.stringOrList(field.getValue(), fieldPath);
                    default -> ignored(fieldPath);
                }
            }
            return new Persona.Style(all, chat, post);
        }

        private List<List<Persona.ExampleMessage>> conversations(JsonNode node, String path) {
            in.list(node, path);
            List<List<Persona.ExampleMessage>> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String conversationPath = NodeReader.index(path, i);
                JsonNode conversation = node.get(i);
                if (!conversation.isArray()) {
                    throw in.error(conversationPath, "expected a conversation (a list of messages), got " + NodeReader.typeOf(conversation));
                }
                List<Persona.ExampleMessage> messages = new ArrayList<>();
                for (int j = 0; j < conversation.size(); j++) {
                    messages.add(message(conversation.get(j), NodeReader.index(conversationPath, j)));
                }
                out.add(messages);
            }
            return out;
        }

        private Persona.ExampleMessage message(JsonNode node, String path) {
            in.object(node, path);
            String author = null;
            String text = null;
            for (var field : node.properties()) {
                String fieldPath = NodeReader.child(path, field.getKey());
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "user", "name", "author" -> {
                        if (author != null) {
                            throw in.error(fieldPath, "the message already names its author; use one of user, name or author");
                        }
                        author = in.string(value, fieldPath);
                    }
                    case "text" -> text = in.string(value, fieldPath);
                    case "content" -> text = content(value, fieldPath);
                    default -> ignored(fieldPath);
                }
            }
            if (author == null) {
                throw in.error(NodeReader.child(path, "user"), "the message needs an author (\"user\" in ElizaOS 0.x, \"name\" in 1.x)");
            }
            if (text == null) {
                throw in.error(NodeReader.child(path, "content") + ".text", "the message needs a text");
            }
            return new Persona.ExampleMessage(author, text);
        }

        private String content(JsonNode node, String path) {
            in.object(node, path);
            String text = null;
            for (var field : node.properties()) {
                String fieldPath = NodeReader.child(path, field.getKey());
                if (field.getKey().equals("text")) {
                    text = in.string(field.getValue(), fieldPath);
                } else if (!MESSAGE_CONTENT_EXTRAS.contains(field.getKey())) {
                    ignored(fieldPath);
                }
            }
            if (text == null) {
                throw in.error(path + ".text", "the message content needs a text");
            }
            return text;
        }

        private List<String> knowledge(JsonNode node, String path) {
            in.list(node, path);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String itemPath = NodeReader.index(path, i);
                JsonNode item = node.get(i);
                if (item.isString()) {
                    out.add(item.stringValue());
                } else if (item.isObject() && item.has("path")) {
                    out.add("path:" + in.nonBlank(item.get("path"), itemPath + ".path"));
                } else if (item.isObject() && item.has("directory")) {
                    out.add("directory:" + in.nonBlank(item.get("directory"), itemPath + ".directory"));
                } else {
                    throw in.error(itemPath, "expected a string or an object with \"path\" or \"directory\", got " + NodeReader.typeOf(item));
                }
            }
            return out;
        }

        private void settings(JsonNode node, String path, Map<String, String> out) {
            in.object(node, path);
            flatten(node, path, "", out);
        }

        private void flatten(JsonNode node, String path, String prefix, Map<String, String> out) {
            for (var field : node.properties()) {
                String key = field.getKey();
                String fieldPath = NodeReader.child(path, key);
                JsonNode value = field.getValue();
                if (key.equalsIgnoreCase("secrets") || SecretFields.looksSecret(key)) {
                    droppedSecrets.add(fieldPath);
                } else if (prefix.isEmpty() && MODEL_SETTINGS.contains(key)) {
                    droppedModel.add(fieldPath);
                } else if (value.isObject()) {
                    flatten(value, fieldPath, prefix + key + ".", out);
                } else if (value.isString() || value.isNumber() || value.isBoolean()) {
                    out.put(prefix + key, value.isString() ? value.stringValue() : value.toString());
                } else {
                    ignored(fieldPath);
                }
            }
        }

        private void ignored(String path) {
            String pattern = path.replaceAll("\\[\\d+]", "[*]");
            if (loggedIgnored.add(pattern)) {
                LOG.debug("{}: ignoring unused persona field {}", in.source(), pattern);
            }
        }
    }
}
