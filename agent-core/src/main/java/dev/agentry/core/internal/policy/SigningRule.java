package dev.agentry.core.internal.policy;

import dev.agentry.core.Effect;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.SigningGrant;
import dev.agentry.core.Tool;
import dev.agentry.core.Trust;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Rule {@code signing}: a {@link Effect#SIGN} call runs only under the operator's
 * {@link SigningGrant}, checked against the call's {@code message} argument. Without a grant every
 * signing call is denied and signing tools are not offered. (Untrusted authors are kept away from
 * signing tools by rule {@code trust}, before this rule.)
 *
 * <p>Immutable and thread-safe.
 */
public final class SigningRule implements PolicyRule {
    /** The rule's name. */
    public static final String NAME = "signing";
    /** The argument a signing tool's text to sign is read from. */
    public static final String MESSAGE = "message";

    private static final String SIGN_IN = " wants you to sign in with your Ethereum account:";

    private final Optional<SigningGrant> grant;

    /**
     * Creates the rule.
     *
     * @param grant the operator's grant, if any
     */
    public SigningRule(Optional<SigningGrant> grant) {
        this.grant = grant;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean offers(String agentId, Tool tool, Trust trust) {
        return tool.effect() != Effect.SIGN || grant.isPresent();
    }

    @Override
    public PolicyDecision check(PolicyRequest request) {
        if (request.effect() != Effect.SIGN) {
            return PolicyDecision.allow();
        }
        if (grant.isEmpty()) {
            return PolicyDecision.deny(NAME, "signing with the agent's key is not granted: the operator's policy has no signing grant");
        }
        SigningGrant granted = grant.get();
        if (granted.listsMessages()) {
            JsonNode message = request.arguments().json().get(MESSAGE);
            if (message == null || !message.isString()) {
                return PolicyDecision.deny(NAME, "tool '" + request.tool() + "' has no text '" + MESSAGE + "' argument to check against the signing grant");
            }
            if (!permits(granted, message.stringValue())) {
                return PolicyDecision.deny(NAME, "the message is not one the signing grant allows (no allowed prefix, no allowed sign-in domain)");
            }
        }
        return granted.approval()
                ? PolicyDecision.needsApproval(NAME, "signing with the agent's key needs a human's approval")
                : PolicyDecision.allow();
    }

    private static boolean permits(SigningGrant grant, String message) {
        return grant.allowedPrefixes().stream().anyMatch(message::startsWith) || signsInTo(grant, message);
    }

    /** Whether the message is an EIP-4361 sign-in for a granted domain, its URI lines on that host. */
    private static boolean signsInTo(SigningGrant grant, String message) {
        String[] lines = message.split("\\R", -1);
        if (grant.allowedDomains().isEmpty() || !lines[0].endsWith(SIGN_IN)) {
            return false;
        }
        String domain = lines[0].substring(0, lines[0].length() - SIGN_IN.length()).toLowerCase(Locale.ROOT);
        int scheme = domain.indexOf("://");
        if (scheme >= 0) {
            domain = domain.substring(scheme + 3);
        }
        if (!grant.allowedDomains().contains(domain)) {
            return false;
        }
        String host = domain.contains(":") ? domain.substring(0, domain.indexOf(':')) : domain;
        for (String line : lines) {
            if (line.startsWith("URI: ") && !host.equalsIgnoreCase(hostOf(line.substring(5).strip()))) {
                return false;
            }
        }
        return true;
    }

    private static String hostOf(String uri) {
        try {
            String host = new URI(uri).getHost();
            return host == null ? "" : host;
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
