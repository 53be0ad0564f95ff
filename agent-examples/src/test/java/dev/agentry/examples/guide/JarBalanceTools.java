package dev.agentry.examples.guide;

import dev.agentry.core.Effect;
import dev.agentry.core.ToolEffect;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/**
 * Guide, step 2 (PLUGINS.md): tools in LangChain4j's annotation style. Each {@code @Tool} method
 * becomes a tool; {@link ToolEffect} marks its effect (READ here: no side effects).
 */
public final class JarBalanceTools {
    private final TipJarTool jar;

    /**
     * Creates the tools over a jar.
     *
     * @param jar the jar
     */
    public JarBalanceTools(TipJarTool jar) {
        this.jar = jar;
    }

    /**
     * Returns what someone has received.
     *
     * @param to the recipient
     * @return the total, as a decimal string
     */
    @Tool("Returns how much JAR someone has received from the tip jar")
    @ToolEffect(Effect.READ)
    public String jarReceived(@P("the recipient") String to) {
        return jar.paidTo(to).toPlainString();
    }
}
