package dev.agentry.runner;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A bot's own Java: the jars in its {@code plugins/} folder, put on the class path through which
 * plugins and feed providers are found ({@link java.util.ServiceLoader} uses the thread's context
 * class loader), so that {@code "plugins": ["mine"]} finds a plugin the bot brings along.
 */
final class PluginJars {
    private PluginJars() {}

    /** Puts the thread's previous context class loader back. */
    interface Installed extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Makes the jars of a bot folder's {@code plugins/} visible to this thread, if there are any.
     *
     * @param folder the bot folder
     * @return a handle that restores the thread's class loader
     * @throws UserError if the folder cannot be read
     */
    static Installed install(BotFolder folder) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        List<Path> jars = jars(folder.dir().resolve("plugins"));
        if (!jars.isEmpty()) {
            URL[] urls = jars.stream().map(PluginJars::url).toArray(URL[]::new);
            thread.setContextClassLoader(new URLClassLoader(urls, PluginJars.class.getClassLoader()));
        }
        return () -> thread.setContextClassLoader(previous);
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UserError("cannot read " + BotFolder.shown(dir) + ": " + e.getMessage());
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UserError("cannot use " + jar + ": " + e.getMessage());
        }
    }
}
