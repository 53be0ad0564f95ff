package dev.agentry.testkit;

/** The checks the test kit's builders share: each setting once, no blank values. */
final class BuilderChecks {
    private BuilderChecks() {}

    /**
     * Fails if a setting was already given.
     *
     * @param current the setting's current value, {@code null} while unset
     * @param setting the setting's name
     * @throws IllegalStateException naming the setting if it was set
     */
    static void once(Object current, String setting) {
        if (current != null) {
            throw new IllegalStateException(setting + " was already set");
        }
    }

    /**
     * Returns a value that must not be blank.
     *
     * @param value the value
     * @param setting the setting's name
     * @return the value
     * @throws IllegalArgumentException naming the setting and the value if blank
     */
    static String nonBlank(String value, String setting) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank, was " + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }
}
