package dev.agentry.spring.internal;

import dev.agentry.core.ConfigException;

/**
 * Agentry's Jackson 3 shares the Jackson 2 annotations jar and needs 2.21 or later (it reads
 * {@code JsonSerializeAs}). Spring Boot 3.5 pins 2.19, which would surface as a
 * {@code NoClassDefFoundError} on the first configuration parsed; this check says what to change
 * before anything starts.
 */
public final class JacksonAnnotationsCheck {
    static final String NEEDED = "com.fasterxml.jackson.annotation.JsonSerializeAs";
    private static final String ANY = "com.fasterxml.jackson.annotation.JsonProperty";

    private JacksonAnnotationsCheck() {
    }

    /**
     * Checks the class path.
     *
     * @param loader the class loader Agentry's classes come from
     * @throws ConfigException naming the version found and the two ways to fix it
     */
    public static void verify(ClassLoader loader) {
        if (present(NEEDED, loader)) {
            return;
        }
        throw new ConfigException("Agentry needs com.fasterxml.jackson.core:jackson-annotations 2.21 or later (Jackson 3 reads "
                + "its JsonSerializeAs); the class path has " + found(loader) + ". Import dev.agentry:agentry-bom in "
                + "<dependencyManagement> (it pins 2.22 over Spring Boot 3.5's 2.19), or set the Maven property "
                + "<jackson-bom.version>2.21.4</jackson-bom.version> (Gradle: ext['jackson-bom.version'] = '2.21.4').");
    }

    private static String found(ClassLoader loader) {
        if (!present(ANY, loader)) {
            return "no jackson-annotations";
        }
        try {
            String version = Class.forName(ANY, false, loader).getPackage().getImplementationVersion();
            return "jackson-annotations " + (version == null ? "of an unknown version" : version);
        } catch (ClassNotFoundException e) {
            return "no jackson-annotations";
        }
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
