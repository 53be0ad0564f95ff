package dev.agentry.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the {@link Effect} of a LangChain4j {@code @Tool} method. A {@code @Tool} method
 * without it is treated as {@link Effect#POST}: it may change something, but is not allowed to
 * declare spends, so it cannot be used for money.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolEffect {
    /**
     * The effect class.
     *
     * @return the effect
     */
    Effect value();
}
