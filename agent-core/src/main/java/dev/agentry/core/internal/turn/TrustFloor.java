package dev.agentry.core.internal.turn;

import dev.agentry.core.Effect;
import dev.agentry.core.Trust;

/**
 * The runtime's own floor under every policy: a tool that signs with the agent's key
 * ({@link Effect#SIGN}) is never offered to, nor run for, an untrusted author, whatever a policy
 * says. A policy can only narrow this, never widen it.
 */
final class TrustFloor {
    /** The rule name reported when the floor refuses a call. */
    static final String RULE = "trust";

    private TrustFloor() {}

    /** Whether a tool of this effect may be offered to or run for an author of this trust at all. */
    static boolean admits(Effect effect, Trust trust) {
        return !(effect == Effect.SIGN && trust == Trust.UNTRUSTED);
    }

    /** Why the floor refused a tool. */
    static String reason(String tool) {
        return "tool '" + tool + "' signs with the agent's key and never runs for an untrusted author";
    }
}
