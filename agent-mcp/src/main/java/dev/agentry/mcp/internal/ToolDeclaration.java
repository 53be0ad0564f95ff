package dev.agentry.mcp.internal;

import dev.agentry.core.Effect;
import java.util.List;
import java.util.Objects;

/**
 * What the operator declared about one tool of an MCP server: its effect class (the server cannot
 * declare its own; undeclared tools are {@link Effect#POST}) and, for {@link Effect#FUNDS}, how
 * its spends are read from the arguments.
 *
 * @param effect the effect class
 * @param spends the spend rules; at least one for FUNDS, none otherwise
 */
public record ToolDeclaration(Effect effect, List<SpendRule> spends) {
    /** The declaration of a tool the configuration does not mention. */
    public static final ToolDeclaration UNDECLARED = new ToolDeclaration(Effect.POST, List.of());

    /** Checks that FUNDS tools, and only they, declare spends. */
    public ToolDeclaration {
        Objects.requireNonNull(effect, "effect");
        spends = List.copyOf(spends);
        if (effect == Effect.FUNDS && spends.isEmpty()) {
            throw new IllegalArgumentException("a FUNDS tool must declare its spends, e.g. "
                    + "\"spends\": [{\"asset\": \"ETH\", \"amount\": \"$.amount\", \"recipient\": \"$.to\"}]");
        }
        if (effect != Effect.FUNDS && !spends.isEmpty()) {
            throw new IllegalArgumentException("only FUNDS tools declare spends; this one is " + effect);
        }
    }
}
