package dev.agentry.core.internal.config;

import dev.agentry.core.ConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} and {@code ${NAME:-default}} references against an environment. As in a
 * POSIX shell, the default applies when the variable is unset or empty; {@code ${NAME}} with the
 * variable unset is an error. Error messages name the variable, never its value.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SINGLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-)?}");

    private final Map<String, String> env;

    /**
     * Creates a resolver.
     *
     * @param env the environment (copied)
     */
    public EnvReferences(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Resolves every reference in a value.
     *
     * @param value the value
     * @param failure builds the exception for a missing variable from a reason text
     * @return the resolved value
     * @throws ConfigException from {@code failure} when a variable without default is unset
     */
    public String resolve(String value, Function<String, ConfigException> failure) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String fallback = m.group(2);
            String found = env.get(name);
            String replacement;
            if (fallback != null) {
                replacement = found == null || found.isEmpty() ? fallback : found;
            } else if (found != null) {
                replacement = found;
            } else {
                throw failure.apply("environment variable " + name + " is not set and has no default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Returns the variable name if a value is exactly one {@code ${NAME}} or {@code ${NAME:-}}
     * reference.
     *
     * @param value the value
     * @return the variable name, or empty for anything else (a literal)
     */
    public static Optional<String> singleReference(String value) {
        Matcher m = SINGLE.matcher(value);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
