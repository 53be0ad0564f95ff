package dev.agentry.core.internal;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Removes secret-looking values from what is journalled or logged. */
public final class Redactor {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(private_?key|secret|password|passphrase|mnemonic|seed|api_?key|token_secret|access_?token|bearer).*");
    private static final Pattern HEX_KEY = Pattern.compile("(?i)\\b(0x)?[0-9a-f]{64}\\b");
    private static final String MASK = "[redacted]";

    private Redactor() {}

    /** Returns compact JSON of the arguments with secret-named fields and private-key-shaped values masked. */
    public static String arguments(ObjectNode arguments) {
        ObjectNode copy = arguments.deepCopy();
        mask(copy);
        return Json.MAPPER.writeValueAsString(copy);
    }

    /** Masks 64-hex-digit values (private keys) everywhere in a text; for logs and prompts. */
    public static String hexKeys(String text) {
        return HEX_KEY.matcher(text).replaceAll(MASK);
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (var entry : object.properties()) {
                if (SECRET_NAME.matcher(entry.getKey()).matches() && entry.getValue().isValueNode()) {
                    object.put(entry.getKey(), MASK);
                } else {
                    mask(entry.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(Redactor::mask);
        }
    }
}
