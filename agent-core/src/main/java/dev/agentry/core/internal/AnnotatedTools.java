package dev.agentry.core.internal;

import dev.agentry.core.Tool;
import java.util.List;

/** Adapts LangChain4j {@code @Tool} methods to {@link Tool}. */
public final class AnnotatedTools {
    private AnnotatedTools() {}

    /** The tools of an object. */
    public static List<Tool> from(Object object) {
        return List.of();
    }
}
