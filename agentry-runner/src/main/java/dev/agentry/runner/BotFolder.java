package dev.agentry.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A bot folder: {@code config.json}, the persona file it names, and optionally {@code demo.json}
 * (the offline demo model's phrasings), {@code knowledge/} (documents the bot remembers) and
 * {@code data/} (its memory store, feed and local chain state, created on first run).
 *
 * @param dir the folder
 */
record BotFolder(Path dir) {
    static final String CONFIG = "config.json";

    /**
     * Finds the folder a command names. A wrong name is a {@link UserError} naming the bot folders
     * that do exist nearby.
     *
     * @param argument the folder as given on the command line
     * @return the folder
     * @throws UserError if it is not a bot folder
     */
    static BotFolder locate(String argument) {
        Path dir = Path.of(argument).toAbsolutePath().normalize();
        if (Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(CONFIG))) {
            return new BotFolder(dir);
        }
        if (Files.isRegularFile(dir) && dir.getFileName().toString().equals(CONFIG)) {
            return new BotFolder(dir.getParent());
        }
        if (Files.isRegularFile(dir)) {
            throw new UserError(argument + " is a file; give the bot's folder (the one holding " + CONFIG + ")");
        }
        if (Files.isDirectory(dir)) {
            throw new UserError(argument + " has no " + CONFIG + ", so it is not a bot folder" + elsewhere(dir)
                    + "; agentry init NAME creates one");
        }
        throw new UserError("no bot folder " + argument + elsewhere(dir));
    }

    /** Says which bot folders exist beside the named one, or under it. */
    private static String elsewhere(Path dir) {
        List<Path> under = bots(dir);
        if (under.isEmpty() && Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                under = children.filter(Files::isDirectory).sorted().flatMap(child -> bots(child).stream()).toList();
            } catch (IOException e) {
                under = List.of();
            }
        }
        if (!under.isEmpty()) {
            return "; bot folders in it: " + String.join(", ", under.stream().map(p -> dir.relativize(p).toString()).toList());
        }
        Path parent = dir.getParent();
        while (parent != null && !Files.isDirectory(parent)) {
            parent = parent.getParent();
        }
        List<Path> beside = parent == null ? List.of() : bots(parent);
        return beside.isEmpty() ? "" : "; bot folders in " + (parent.equals(Path.of("").toAbsolutePath()) ? "." : shown(parent)) + ": " + names(beside);
    }

    private static List<Path> bots(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(CONFIG))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String names(List<Path> dirs) {
        return String.join(", ", dirs.stream().map(p -> p.getFileName().toString()).toList());
    }

    /** @return {@code config.json} */
    Path config() {
        return dir.resolve(CONFIG);
    }

    /** @return {@code demo.json}, which may not exist */
    Path demo() {
        return dir.resolve("demo.json");
    }

    /** @return {@code knowledge/}, which may not exist */
    Path knowledge() {
        return dir.resolve("knowledge");
    }

    /** @return {@code data/}, the default data folder */
    Path data() {
        return dir.resolve("data");
    }

    /**
     * Returns a path as shown in messages: relative to the working directory when inside it.
     *
     * @param path a path in or near the folder
     * @return the path to show
     */
    static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : absolute.toString();
    }
}
