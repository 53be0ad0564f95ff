package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.util.Optional;

/** Checks of tool arguments shared by the chain tools; each failure names the argument and the value. */
final class ArgumentChecks {
    private ArgumentChecks() {
    }

    /**
     * Reads an address argument that receives value or control.
     *
     * @param a the arguments
     * @param name the argument
     * @param token the token being moved, if any (sending it to its own contract loses it)
     * @return the checksummed address
     * @throws ToolException for a malformed address, the zero address or the token itself
     */
    static String recipient(ToolArguments a, String name, Optional<String> token) {
        String to = Units.address(name, a.string(name));
        if (to.equalsIgnoreCase(Units.ZERO_ADDRESS)) {
            throw new ToolException("argument '" + name + "' is the zero address; refusing to burn funds");
        }
        if (token.isPresent() && token.get().equalsIgnoreCase(to)) {
            throw new ToolException("argument '" + name + "' is the token contract itself (" + to + "); tokens sent there are lost");
        }
        return to;
    }

    /**
     * Reads an optional recipient argument.
     *
     * @param a the arguments
     * @param name the argument
     * @param self the agent's own address, the default
     * @return the given recipient, or {@code self}
     */
    static String recipientOr(ToolArguments a, String name, String self) {
        return a.optionalString(name).isPresent() ? recipient(a, name, Optional.empty()) : self;
    }

    /**
     * Reads an optional address argument.
     *
     * @param a the arguments
     * @param name the argument
     * @param self the default
     * @return the checksummed address, or {@code self}
     */
    static String addressOr(ToolArguments a, String name, String self) {
        return a.optionalString(name).map(v -> Units.address(name, v)).orElse(self);
    }

    /**
     * Reads an amount and checks it converts exactly to base units.
     *
     * @param a the arguments
     * @param name the argument
     * @param decimals the token's decimals
     * @param allowZero whether zero is meaningful
     * @param symbol the token's symbol, for messages
     * @return the amount in token units
     */
    static BigDecimal amount(ToolArguments a, String name, int decimals, boolean allowZero, String symbol) {
        BigDecimal amount = a.decimal(name);
        Units.toBase(name, amount, decimals, allowZero, symbol);
        return amount;
    }

    /**
     * Checks a token name or symbol: visible characters only, no surrounding spaces, at least
     * one letter or digit, and for a symbol ASCII letters and digits only (no look-alikes).
     *
     * @param arg the argument
     * @param v its value
     * @param max the longest accepted length
     * @throws ToolException naming what is wrong
     */
    static void checkName(String arg, String v, int max) {
        if (v.strip().isEmpty() || v.length() > max) {
            throw new ToolException("argument '" + arg + "' must be 1 to " + max + " characters");
        }
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
                        Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
                    throw new ToolException("argument '" + arg + "' contains an invisible or control character (U+"
                            + String.format("%04X", cp) + "); use visible characters only");
                default -> {
                    // visible
                }
            }
            i += Character.charCount(cp);
        }
        if (!v.equals(v.strip())) {
            throw new ToolException("argument '" + arg + "' must not start or end with spaces");
        }
        if (v.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new ToolException("argument '" + arg + "' must contain at least one letter or digit");
        }
        if (arg.equals("symbol") && !v.matches("[A-Za-z0-9]+")) {
            throw new ToolException("argument 'symbol' must be ASCII letters and digits only (look-alike characters are refused)");
        }
    }
}
