package dev.agentry.examples;

import dev.agentry.core.Effect;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code recipient_address} tool ({@link Effect#READ}): looks up the address of a user by
 * name in the bot's {@code recipients} configuration, so the model can tip "alice" without
 * guessing an address. Immutable and thread-safe.
 */
public final class RecipientBook implements Tool {
    private final Map<String, String> addresses;

    /**
     * Creates the book.
     *
     * @param addresses user names (any case, with or without {@code @}) mapped to addresses
     */
    public RecipientBook(Map<String, String> addresses) {
        this.addresses = Map.copyOf(addresses);
    }

    /**
     * Returns the address of a name, if known.
     *
     * @param name the name, with or without {@code @}
     * @return the address, or {@code null} if unknown
     */
    public String addressOf(String name) {
        return addresses.get(normalise(name));
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder().name("recipient_address")
                .description("Returns the wallet address of a user by name (e.g. alice or @alice), from the operator's address book.")
                .parameters(JsonObjectSchema.builder().addStringProperty("name", "the user's name").required("name").build())
                .build();
    }

    @Override
    public Effect effect() {
        return Effect.READ;
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        String name = arguments.string("name");
        String address = addressOf(name);
        if (address == null) {
            throw new ToolException("no address is known for '" + name + "'; known: " + addresses.keySet().stream().sorted().toList());
        }
        return "{\"name\":\"" + normalise(name) + "\",\"address\":\"" + address + "\"}";
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.startsWith("@") ? n.substring(1) : n;
    }
}
