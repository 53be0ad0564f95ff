package dev.agentry.runner;

import dev.agentry.core.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problems {@code agentry check} finds, each one line naming the file, the JSON path and the
 * reason ({@code config.json: $.policy.spendCaps[0].amount: must not be negative}), in the order
 * found, without repeats. A value that depends on an unset environment variable is reported once,
 * as the unset variable: the errors its placeholder causes further down are dropped. Not
 * thread-safe.
 */
final class Problems {
    private static final Pattern PATH = Pattern.compile(": (\\$[^ :]*): ");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private final Set<String> lines = new LinkedHashSet<>();
    private final List<String> unsetPaths = new ArrayList<>();

    /**
     * Adds a problem.
     *
     * @param file the file, as shown
     * @param path the JSON path, {@code $} for the whole file
     * @param reason what is wrong
     */
    void add(String file, String path, String reason) {
        lines.add(file + ": " + path + ": " + reason);
    }

    /**
     * Adds the problem a configuration reader reported, unless it follows from an unset variable
     * already reported.
     *
     * @param e the exception, whose message names the file, the path and the reason
     */
    void add(ConfigException e) {
        Matcher m = PATH.matcher(e.getMessage());
        if (m.find() && unsetPaths.stream().anyMatch(p -> m.group(1).equals(p) || m.group(1).startsWith(p + ".") || m.group(1).startsWith(p + "["))) {
            return;
        }
        lines.add(e.getMessage());
    }

    /**
     * Adds an unset environment variable and remembers its path, so that errors of the placeholder
     * used for it are not reported again.
     *
     * @param file the file, as shown
     * @param path the JSON path of the value referencing it
     * @param variable the variable
     */
    void unset(String file, String path, String variable) {
        add(file, path, "environment variable " + variable + " is not set and has no default (set it, or write ${" + variable + ":-default})");
        unsetPaths.add(path);
    }

    /**
     * Runs one check, reporting its {@link ConfigException} and going on.
     *
     * @param check the check
     */
    void check(Runnable check) {
        value(() -> {
            check.run();
            return Boolean.TRUE;
        });
    }

    /**
     * Reads one value, reporting its {@link ConfigException} and going on.
     *
     * @param <T> the value's type
     * @param read reads the value
     * @return the value, or empty if it could not be read
     */
    <T> Optional<T> value(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (ConfigException e) {
            add(e);
            return Optional.empty();
        }
    }

    /** @return whether nothing was found */
    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** @return the problems, one line each */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Returns the JSON path of an object's field, written as the configuration readers write it.
     *
     * @param path the object's path
     * @param name the field
     * @return {@code path.name}, or {@code path['name']} for names that are not identifiers
     */
    static String child(String path, String name) {
        return IDENTIFIER.matcher(name).matches() ? path + "." + name : path + "['" + name.replace("'", "\\'") + "']";
    }
}
