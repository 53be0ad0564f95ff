package dev.agentry.examples;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code recipients} plugin: offers the {@code recipient_address} tool ({@link RecipientBook})
 * over the configuration's {@code recipients} section, which maps user names to addresses:
 *
 * <pre>{@code
 * "plugins": ["chain", "recipients"],
 * "recipients": {"alice": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "bob": "${BOB_ADDRESS}"}
 * }</pre>
 *
 * <p>Without the section it offers nothing. Found by {@link java.util.ServiceLoader}; thread-safe.
 */
public final class RecipientsPlugin implements Plugin {

    /** Creates the plugin; used by {@link java.util.ServiceLoader}. */
    public RecipientsPlugin() {}

    /** @return {@code "recipients"} */
    @Override
    public String name() {
        return "recipients";
    }

    /**
     * Builds the address book from the {@code recipients} section.
     *
     * @param context the agent's context
     * @return the {@code recipient_address} tool, or nothing without the section
     * @throws dev.agentry.core.ConfigException naming the field if a value is not a string or a
     *     referenced variable is unset
     */
    @Override
    public List<Tool> tools(PluginContext context) {
        Optional<ConfigSection> section = context.section("recipients");
        if (section.isEmpty()) {
            return List.of();
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        section.get().keys().forEach(name -> addresses.put(name.toLowerCase(Locale.ROOT), section.get().string(name)));
        return List.of(new RecipientBook(addresses));
    }
}
