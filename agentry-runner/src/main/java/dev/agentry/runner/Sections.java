package dev.agentry.runner;

import dev.agentry.core.ConfigSection;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Reads one top-level section of a configuration file as a {@link ConfigSection} with its real path ({@code $.chain}). */
final class Sections {
    private Sections() {}

    /**
     * Returns a top-level section.
     *
     * @param root the parsed file
     * @param name the section's name
     * @param file the file as shown in messages
     * @param env the environment its references resolve against
     * @return the section, if present and not null
     * @throws dev.agentry.core.ConfigException if it is not an object
     */
    static Optional<ConfigSection> of(ObjectNode root, String name, String file, Map<String, String> env) {
        if (!root.has(name) || root.get(name).isNull()) {
            return Optional.empty();
        }
        ObjectNode wrapper = root.objectNode();
        wrapper.set(name, root.get(name));
        return ConfigSection.parse(file, wrapper.toString(), env).section(name);
    }
}
