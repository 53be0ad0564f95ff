package dev.agentry.tools.chain.internal;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * An EIP-4361 ("Sign-In with Ethereum") message that links a feed identity to an address, and
 * the check of its EIP-191 signature with web3j's {@link Sign}. The feed identity travels in the
 * message's {@code Resources} as a URI ({@code agentry:link:SOURCE:AUTHOR}, percent-encoded), so a
 * handle can never break the message's lines.
 *
 * @param text the exact message to sign
 * @param address the address it names, checksummed
 * @param nonce its one-time nonce
 * @param expiresAt when it stops being accepted
 */
public record SignInMessage(String text, String address, String nonce, Instant expiresAt) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * Composes a message with a fresh 16-character nonce.
     *
     * @param domain the RFC 3986 authority asking (the agent's domain)
     * @param address the address to link, checksummed
     * @param chainId the chain the holdings are read on
     * @param source the feed, for example {@code "x"}
     * @param author the author's handle on it
     * @param agent the agent's name, for the statement
     * @param now the time of issue
     * @param ttl how long it may be signed and returned
     * @return the message
     */
    public static SignInMessage compose(String domain, String address, long chainId, String source, String author, String agent,
            Instant now, java.time.Duration ttl) {
        StringBuilder nonce = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            nonce.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expires = issued.plus(ttl);
        String statement = "Link this address to your account for " + agent.replaceAll("[\\r\\n]", " ")
                + ". This signature moves no funds and grants no spending rights.";
        String text = domain + " wants you to sign in with your Ethereum account:\n" + address + "\n\n" + statement + "\n\n"
                + "URI: https://" + domain + "\nVersion: 1\nChain ID: " + chainId + "\nNonce: " + nonce + "\nIssued At: " + issued
                + "\nExpiration Time: " + expires + "\nResources:\n- agentry:link:" + encode(source) + ":" + encode(author);
        return new SignInMessage(text, address, nonce.toString(), expires);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Recovers the address that signed this message the EIP-191 way ({@code personal_sign}).
     *
     * @param signature 65 bytes r‖s‖v as 0x hex (v 27/28 or 0/1)
     * @return the signer, checksummed, or empty if the signature is malformed
     */
    public Optional<String> signer(String signature) {
        String hex = signature.strip();
        if (!hex.matches("0x[0-9a-fA-F]{130}")) {
            return Optional.empty();
        }
        byte[] b = Numeric.hexStringToByteArray(hex);
        byte v = b[64] < 27 ? (byte) (b[64] + 27) : b[64];
        byte[] r = java.util.Arrays.copyOfRange(b, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(b, 32, 64);
        try {
            BigInteger key = Sign.signedPrefixedMessageToKey(text.getBytes(StandardCharsets.UTF_8), new Sign.SignatureData(v, r, s));
            return Optional.of(Keys.toChecksumAddress(Keys.getAddress(key)));
        } catch (SignatureException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
