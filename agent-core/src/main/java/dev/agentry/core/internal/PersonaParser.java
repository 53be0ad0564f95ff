package dev.agentry.core.internal;

import dev.agentry.core.ConfigException;
import dev.agentry.core.Persona;
import java.nio.file.Path;

/** Reads persona JSON (Agentry and ElizaOS shapes) and renders the system prompt. */
public final class PersonaParser {
    private PersonaParser() {}

    /** Loads a persona file. */
    public static Persona load(Path file) {
        throw new ConfigException(file + ": persona loading is not implemented yet");
    }

    /** Parses persona JSON. */
    public static Persona parse(String json, String sourceName) {
        throw new ConfigException(sourceName + ": persona parsing is not implemented yet");
    }

    /** Renders the system prompt. */
    public static String render(Persona persona) {
        StringBuilder sb = new StringBuilder("You are ").append(persona.name()).append(".\n");
        persona.bio().forEach(line -> sb.append(line).append('\n'));
        return sb.toString();
    }
}
