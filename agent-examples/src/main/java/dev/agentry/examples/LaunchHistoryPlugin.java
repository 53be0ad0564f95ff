package dev.agentry.examples;

import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Tool;
import java.util.List;

/**
 * The {@code launch-history} plugin: offers the {@code launch_history} tool ({@link LaunchHistory})
 * over the agent's journal, next to the {@code chain} plugin's {@code launch_curve_token}:
 * {@code "plugins": ["chain", "launch-history"]}. Needs no configuration section. Found by
 * {@link java.util.ServiceLoader}; thread-safe.
 */
public final class LaunchHistoryPlugin implements Plugin {

    /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
    public LaunchHistoryPlugin() {}

    /** @return {@code "launch-history"} */
    @Override
    public String name() {
        return "launch-history";
    }

    /**
     * Returns the {@code launch_history} tool over the agent's journal.
     *
     * @param context the agent's context
     * @return the tool
     */
    @Override
    public List<Tool> tools(PluginContext context) {
        return List.of(new LaunchHistory(context.journal()));
    }
}
