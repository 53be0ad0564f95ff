package dev.agentry.tools.chain.internal;

import static dev.agentry.tools.chain.internal.ToolParts.object;
import static dev.agentry.tools.chain.internal.ToolParts.render;
import static dev.agentry.tools.chain.internal.ToolParts.spec;

import dev.agentry.core.Effect;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The signing family: signatures made with the agent's key without sending a transaction. A
 * signature is authority (a login, an off-chain order, a permit), so both tools are
 * {@link Effect#SIGN}: never offered to untrusted authors, and denied to everyone else unless the
 * policy grants them.
 */
final class SigningTools extends ToolFamily {
    SigningTools(ToolEnv env) {
        super(env);
    }

    private Tool signMessage() {
        return env.sign(spec("sign_message", "Signs a text message with the agent's key (EIP-191 personal_sign) and returns the signature. "
                + "A signature is authority (logins, off-chain orders): it needs the operator's explicit grant.",
                b -> b.addStringProperty("message", "the text to sign").required("message")),
                (a, c) -> signed(env.wallet().signMessage(a.string("message"))));
    }

    private Tool signTypedData() {
        return env.sign(spec("sign_typed_data", "Signs EIP-712 typed data (JSON with types, primaryType, domain, message) with the agent's key. "
                + "A typed-data signature can authorise transfers (permits): it needs the operator's explicit grant.",
                b -> b.addStringProperty("typed_data", "the EIP-712 typed data as a JSON string").required("typed_data")),
                (a, c) -> {
                    try {
                        return signed(env.wallet().signTypedData(a.string("typed_data")));
                    } catch (IllegalArgumentException e) {
                        throw new ToolException("argument 'typed_data' " + e.getMessage());
                    }
                });
    }

    private String signed(String signature) {
        ObjectNode n = object();
        n.put("address", env.wallet().address());
        n.put("signature", signature);
        return render(n);
    }

    @Override
    List<Tool> tools() {
        return List.of(signMessage(), signTypedData());
    }
}
