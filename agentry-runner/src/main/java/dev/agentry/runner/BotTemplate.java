package dev.agentry.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code agentry init NAME}: a new bot folder from the template: a configuration on an
 * OpenAI-compatible model (the offline demo model until a key is set), a persona, demo phrasings,
 * a knowledge folder with one document, a script and a {@code .gitignore} for its data folder. The
 * folder's name is the agent's id. Nothing is written when the folder exists.
 */
final class BotTemplate {
    private static final List<String> FILES = List.of("config.json", "persona.json", "demo.json", "knowledge/about.md", "script.txt", "gitignore");

    private BotTemplate() {}

    /**
     * Creates the folder.
     *
     * @param target the new folder, as given
     * @param out where to say what was created and what to run next
     * @return the folder
     * @throws UserError if the name is not a valid agent id or the folder exists
     */
    static Path create(String target, PrintStream out) {
        Path dir = Path.of(target).toAbsolutePath().normalize();
        String id = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new UserError("the bot's name '" + id + "' must be 1-64 letters, digits, '.', '_' or '-' (it becomes the agent's id)");
        }
        if (Files.exists(dir)) {
            throw new UserError(target + " already exists; choose another name (nothing was changed)");
        }
        String name = id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
        try {
            for (String file : FILES) {
                Path to = dir.resolve(file.equals("gitignore") ? ".gitignore" : file);
                Files.createDirectories(to.getParent());
                Files.writeString(to, template(file).replace("{{id}}", id).replace("{{Name}}", name));
            }
        } catch (IOException e) {
            throw new UserError("cannot create " + target + ": " + e.getMessage());
        }
        out.println("created " + BotFolder.shown(dir) + ": config.json, persona.json, demo.json, knowledge/about.md, script.txt");
        out.println("next: agentry chat " + target + "   (offline demo model until OPENAI_API_KEY is set; agentry check " + target + " checks your edits)");
        return dir;
    }

    private static String template(String file) {
        try (InputStream in = BotTemplate.class.getResourceAsStream("template/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the template file " + file + " is missing from the agentry jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
