package dev.agentry.core;

import java.util.List;

/**
 * A bundle of tools, triggers and channels. Found with {@link java.util.ServiceLoader} (list the
 * class in {@code META-INF/services/dev.agentry.core.Plugin}) or registered by hand with
 * {@link Agent.Builder#plugin(Plugin)}.
 *
 * <p>Each method is called once per agent that uses the plugin; a plugin whose configuration
 * section is absent returns empty lists.
 */
public interface Plugin {

    /**
     * Returns the plugin's name, used in configuration ({@code "plugins": ["chain"]}) and logs.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the tools this plugin offers the agent.
     *
     * @param context the agent's context
     * @return the tools
     */
    default List<Tool> tools(PluginContext context) {
        return List.of();
    }

    /**
     * Returns the triggers that feed events to the agent.
     *
     * @param context the agent's context
     * @return the triggers
     */
    default List<Trigger> triggers(PluginContext context) {
        return List.of();
    }

    /**
     * Returns the channels that carry the agent's replies.
     *
     * @param context the agent's context
     * @return the channels
     */
    default List<Channel> channels(PluginContext context) {
        return List.of();
    }

    /**
     * Returns gates every event for the agent passes before it is accepted (see {@link EventGate}).
     *
     * @param context the agent's context
     * @return the gates, empty by default
     */
    default List<EventGate> eventGates(PluginContext context) {
        return List.of();
    }

    /**
     * Returns policy rules this plugin's tools need, checked after the agent's own policy allows a
     * call (a rule can only deny more, never allow what the policy denied), for example a rule
     * that re-reads token holdings before a FUNDS call of a holder.
     *
     * @param context the agent's context
     * @return the rules, empty by default
     */
    default List<PolicyRule> policyRules(PluginContext context) {
        return List.of();
    }
}
