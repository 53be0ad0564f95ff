package dev.agentry.core.internal.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which configuration fields hold secrets.
 *
 * <p>A field is secret-looking when its name contains (case-insensitive) {@code key},
 * {@code secret}, {@code token}, {@code password}, {@code mnemonic} or {@code privateKey}, unless
 * its last name word says it describes something public: {@code tokenAddress},
 * {@code tokenSymbol}, {@code tokenName}, {@code tokenDecimals}, {@code keystorePath}... (see
 * {@link #PUBLIC_SUFFIXES}). Only non-empty string values are checked, so numeric budgets such as
 * {@code maxOutputTokens} never count. A secret-looking value must be exactly one
 * {@code ${ENV_VAR}} reference ({@code ${ENV_VAR:-}} with an empty default is allowed for local
 * endpoints that need no key); a public EVM address ({@code 0x} and 40 hex digits) is accepted as a
 * literal.
 *
 * <p>Stateless and thread-safe.
 */
public final class SecretFields {
    /** Words that, in a name, mark a secret. */
    public static final List<String> SECRET_WORDS = List.of("key", "secret", "token", "password", "mnemonic", "privatekey");

    /** Last name words that mark a public descriptor even when a secret word appears earlier. */
    public static final Set<String> PUBLIC_SUFFIXES = Set.of(
            "address", "addresses", "symbol", "name", "decimals", "supply", "id", "ids", "url", "uri", "path", "file", "type",
            "standard", "count", "limit", "limits", "header", "env", "tokens", "budget");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-)?}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern WORD_BREAK = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|[_\\-.\\s]+");

    private SecretFields() {}

    /**
     * Returns whether a field name looks like it names a secret.
     *
     * @param name the field name
     * @return {@code true} if values of this field must be environment references
     */
    public static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (SECRET_WORDS.stream().noneMatch(lower::contains)) {
            return false;
        }
        String[] words = WORD_BREAK.split(name);
        String last = words.length == 0 ? lower : words[words.length - 1].toLowerCase(Locale.ROOT);
        return !PUBLIC_SUFFIXES.contains(last);
    }

    /**
     * Returns whether a secret-looking field's string value is acceptable: empty, a single
     * {@code ${NAME}} or {@code ${NAME:-}} reference, or a public EVM address.
     *
     * @param value the string value
     * @return {@code true} if acceptable
     */
    public static boolean acceptable(String value) {
        return value.isEmpty() || REFERENCE.matcher(value).matches() || ADDRESS.matcher(value).matches();
    }
}
