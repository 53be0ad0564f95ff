package dev.agentry.tools.chain;

import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.BiFunction;

/**
 * The link tools and the link command of a {@link HolderGate}; each acts for the author of the
 * event, never for anyone the model names.
 */
final class HolderLinkTools {
    private HolderLinkTools() {
    }

    private static final Pattern LINK = Pattern.compile("^\\s*link\\s+(0x[0-9a-fA-F]{40}|0x[0-9a-fA-F]{130})\\s*$", Pattern.CASE_INSENSITIVE);

    /** Answers the link command of an event (see {@link HolderGate#linkCommand}). */
    static Optional<String> command(HolderGate gate, Event event) {
        Matcher m = LINK.matcher(event.text());
        if (!m.matches()) {
            return Optional.empty();
        }
        String arg = m.group(1);
        try {
            if (arg.length() == 42) {
                return Optional.of("Sign this message with the wallet of " + arg + " (personal_sign) and send \"link <signature>\":\n\n"
                        + gate.challenge(event.source(), event.author(), arg));
            }
            return Optional.of("Linked " + gate.link(event.source(), event.author(), arg) + ". Your holdings now earn "
                    + gate.trustOf(event.source(), event.author()).name() + ".");
        } catch (ToolException e) {
            return Optional.of(e.getMessage());
        }
    }

    static List<Tool> of(HolderGate gate) {
        return List.of(
                tool("link_wallet_challenge", "Starts linking the user's wallet: returns a one-time message for the user to sign with the "
                        + "wallet of the given address (personal_sign), then to send back for link_wallet. Holders of the configured tokens "
                        + "get more trust once linked.", "address", "the user's 0x wallet address",
                        (e, a) -> gate.challenge(e.source(), e.author(), a)),
                tool("link_wallet", "Finishes linking the user's wallet with the signature of the message link_wallet_challenge returned; "
                        + "says the address linked and the trust its holdings earn.", "signature", "the 0x signature of the challenge",
                        (e, s) -> {
                            String address = gate.link(e.source(), e.author(), s);
                            return "{\"linked\":\"" + address + "\",\"trust\":\"" + gate.trustOf(e.source(), e.author()).name() + "\"}";
                        }));
    }

    private static Tool tool(String name, String description, String arg, String argDescription, BiFunction<Event, String, String> body) {
        ToolSpecification spec = ToolSpecification.builder().name(name).description(description)
                .parameters(JsonObjectSchema.builder().addStringProperty(arg, argDescription).required(arg).build()).build();
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public Effect effect() {
                return Effect.POST;
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                return body.apply(context.event(), arguments.string(arg));
            }

            @Override
            public String toString() {
                return "Tool[" + name + ", POST]";
            }
        };
    }
}
