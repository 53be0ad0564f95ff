package dev.agentry.core;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The operator's permission for {@link Effect#SIGN} tools to sign with the agent's key. Without a
 * grant ({@link StandardPolicy.Builder#signing(SigningGrant)}, or {@code "signing"} in the
 * configuration's policy section), every signing call is denied; with one, signing calls from
 * {@link Trust#TRUSTED} and {@link Trust#OWNER} authors are checked against it. Untrusted authors
 * can never have anything signed, whatever the grant says.
 *
 * <p>A grant lists what may be signed, checked against the tool's {@code message} argument:
 * <ul>
 *   <li>{@code allowedPrefixes}: the message starts with one of these texts (exact,
 *       case-sensitive). End a prefix with a delimiter the signer relies on: the prefix
 *       {@code "Login to example.com"} also matches {@code "Login to example.com.attacker.io"},
 *       while {@code "Login to example.com: "} does not.
 *   <li>{@code allowedDomains}: the message is an EIP-4361 (Sign-In with Ethereum) message whose
 *       first line is {@code "DOMAIN wants you to sign in with your Ethereum account:"} for one of
 *       these domains (case-insensitive; a port, if listed, must match), and whose {@code URI:}
 *       line, if present, points at the same host.
 *   <li>{@code approval}: every allowed signature is also held for a human's approval. With
 *       neither list, approval alone is the grant: anything may be signed once a human approves.
 * </ul>
 * A call whose message matches no list is denied; with a list, a call without a string
 * {@code message} argument is denied too.
 *
 * <pre>{@code
 * "policy": {"signing": {"allowedPrefixes": ["Login to example.com: "],
 *                        "allowedDomains": ["app.example.com"], "approval": false}}
 * }</pre>
 *
 * @param allowedPrefixes texts a message may start with
 * @param allowedDomains domains a Sign-In with Ethereum message may be for, stored in lower case
 * @param approval whether every signature also needs a human's approval
 */
public record SigningGrant(List<String> allowedPrefixes, List<String> allowedDomains, boolean approval) {
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");

    /**
     * Checks the grant.
     *
     * @throws IllegalArgumentException naming the bad entry when a prefix is blank or a domain is not
     *     a host name (with an optional port), or when the grant grants nothing (no list and no
     *     approval)
     */
    public SigningGrant {
        allowedPrefixes = List.copyOf(allowedPrefixes);
        allowedDomains = allowedDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
        for (String prefix : allowedPrefixes) {
            if (prefix.isBlank()) {
                throw new IllegalArgumentException("signing grant: an allowed prefix must not be blank");
            }
        }
        for (String domain : allowedDomains) {
            if (!DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("signing grant: allowed domain \"" + domain
                        + "\" is not a host name such as \"example.com\" or \"example.com:8443\"");
            }
        }
        if (allowedPrefixes.isEmpty() && allowedDomains.isEmpty() && !approval) {
            throw new IllegalArgumentException("signing grant grants nothing: list allowedPrefixes or allowedDomains, or require approval");
        }
    }

    /**
     * Grants signing messages that start with one of these texts, without approval.
     *
     * @param prefixes the allowed prefixes
     * @return the grant
     */
    public static SigningGrant prefixes(String... prefixes) {
        return new SigningGrant(List.of(prefixes), List.of(), false);
    }

    /**
     * Grants signing Sign-In with Ethereum messages for these domains, without approval.
     *
     * @param domains the allowed domains
     * @return the grant
     */
    public static SigningGrant domains(String... domains) {
        return new SigningGrant(List.of(), List.of(domains), false);
    }

    /**
     * Grants signing any message once a human approves it.
     *
     * @return the grant
     */
    public static SigningGrant approvalOnly() {
        return new SigningGrant(List.of(), List.of(), true);
    }

    /**
     * Returns a copy that also holds every allowed signature for approval.
     *
     * @return the copy
     */
    public SigningGrant withApproval() {
        return new SigningGrant(allowedPrefixes, allowedDomains, true);
    }

    /**
     * Returns whether the grant lists what may be signed (prefixes or domains), as opposed to
     * granting by approval alone.
     *
     * @return {@code true} with at least one prefix or domain
     */
    public boolean listsMessages() {
        return !allowedPrefixes.isEmpty() || !allowedDomains.isEmpty();
    }
}
