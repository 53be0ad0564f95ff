package dev.agentry.examples.guide;

import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Tool;
import java.util.List;

/**
 * Guide, step 3 (PLUGINS.md): a plugin bundling the tip-jar tool, found by {@link java.util.ServiceLoader}
 * through {@code META-INF/services/dev.agentry.core.Plugin} when an agent configuration lists
 * {@code "plugins": ["tipjar"]}. It offers its tool only when the configuration has a
 * {@code "tipjar"} section.
 */
public final class TipJarPlugin implements Plugin {
    /** The jar all agents of this process share (a real plugin would build one per context). */
    static final TipJarTool JAR = new TipJarTool();

    /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
    public TipJarPlugin() {}

    @Override
    public String name() {
        return "tipjar";
    }

    @Override
    public List<Tool> tools(PluginContext context) {
        return context.section("tipjar").isPresent() ? List.of(JAR) : List.of();
    }
}
