package dev.agentry.x402.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The x402 (version 1) wire format: a {@code 402 Payment Required} answer carries
 * {@code {x402Version, error, accepts: [requirements]}}; the client pays with the header
 * {@code X-PAYMENT}, base64 of {@code {x402Version, scheme, network, payload: {signature,
 * authorization: {from, to, value, validAfter, validBefore, nonce}}}}; the server answers with
 * {@code X-PAYMENT-RESPONSE}, base64 of {@code {success, transaction, network, payer}}. Amounts
 * are base units as decimal strings.
 */
public final class Wire {
    /** The protocol version. */
    public static final int VERSION = 1;
    /** The payment header. */
    public static final String PAYMENT = "X-PAYMENT";
    /** The settlement header. */
    public static final String PAYMENT_RESPONSE = "X-PAYMENT-RESPONSE";
    /** The one scheme: an exact amount, by EIP-3009 authorization. */
    public static final String EXACT = "exact";
    /** Shared mapper. */
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<Long, String> NETWORKS = Map.of(8453L, "base", 84532L, "base-sepolia", 43114L, "avalanche",
            43113L, "avalanche-fuji", 137L, "polygon", 80002L, "polygon-amoy");

    private Wire() {
    }

    /**
     * Returns x402's name of a chain.
     *
     * @param chainId the chain id
     * @return the network name, if x402 names it
     */
    public static Optional<String> network(long chainId) {
        return Optional.ofNullable(NETWORKS.get(chainId));
    }

    /**
     * Payment requirements of the exact scheme.
     *
     * @param network the network name
     * @param maxAmountRequired base units
     * @param resource the resource URL
     * @param description what is sold
     * @param mimeType the answer's media type
     * @param payTo the payee
     * @param maxTimeoutSeconds how long the answer may take
     * @param asset the token
     * @param name the token's EIP-712 domain name
     * @param version the token's EIP-712 domain version
     */
    public record Requirements(String network, BigInteger maxAmountRequired, String resource, String description, String mimeType,
            String payTo, long maxTimeoutSeconds, String asset, String name, String version) {

        /** @return the requirements as x402 JSON */
        public ObjectNode json() {
            ObjectNode n = JSON.createObjectNode();
            n.put("scheme", EXACT);
            n.put("network", network);
            n.put("maxAmountRequired", maxAmountRequired.toString());
            n.put("resource", resource);
            n.put("description", description);
            n.put("mimeType", mimeType);
            n.put("payTo", payTo);
            n.put("maxTimeoutSeconds", maxTimeoutSeconds);
            n.put("asset", asset);
            ObjectNode extra = n.putObject("extra");
            extra.put("name", name);
            extra.put("version", version);
            return n;
        }

        /**
         * Reads requirements from x402 JSON.
         *
         * @param n one element of {@code accepts}
         * @return the requirements
         * @throws IllegalArgumentException naming a missing or malformed field
         */
        public static Requirements parse(JsonNode n) {
            return new Requirements(text(n, "network"), uint(n, "maxAmountRequired"), text(n, "resource"), n.path("description").asString(""),
                    n.path("mimeType").asString(""), text(n, "payTo"), n.path("maxTimeoutSeconds").asLong(60), text(n, "asset"),
                    n.path("extra").path("name").asString(""), n.path("extra").path("version").asString(""));
        }
    }

    /**
     * An EIP-3009 authorization and its signature.
     *
     * @param from the payer
     * @param to the payee
     * @param value base units
     * @param validAfter unix seconds after which it is valid
     * @param validBefore unix seconds before which it is valid
     * @param nonce 32 bytes, 0x hex
     * @param signature 65 bytes, 0x hex
     */
    public record Payment(String from, String to, BigInteger value, BigInteger validAfter, BigInteger validBefore, String nonce, String signature) {
    }

    /**
     * Encodes the {@code X-PAYMENT} header.
     *
     * @param network the network name
     * @param p the signed authorization
     * @return base64 of the payment payload
     */
    public static String encodePayment(String network, Payment p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("x402Version", VERSION);
        n.put("scheme", EXACT);
        n.put("network", network);
        ObjectNode payload = n.putObject("payload");
        payload.put("signature", p.signature());
        ObjectNode a = payload.putObject("authorization");
        a.put("from", p.from());
        a.put("to", p.to());
        a.put("value", p.value().toString());
        a.put("validAfter", p.validAfter().toString());
        a.put("validBefore", p.validBefore().toString());
        a.put("nonce", p.nonce());
        return base64(n);
    }

    /**
     * Decodes the {@code X-PAYMENT} header.
     *
     * @param header the header value
     * @return the payload as JSON (version, scheme and network at its top)
     * @throws IllegalArgumentException if it is not base64 of a JSON object
     */
    public static JsonNode decode(String header) {
        try {
            JsonNode n = JSON.readTree(new String(Base64.getDecoder().decode(header.strip()), StandardCharsets.UTF_8));
            if (!n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return n;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the header is not base64 of a JSON object: " + e.getMessage());
        }
    }

    /**
     * Reads the authorization of a decoded payment payload.
     *
     * @param n the decoded header
     * @return the payment
     * @throws IllegalArgumentException naming a missing or malformed field
     */
    public static Payment payment(JsonNode n) {
        JsonNode a = n.path("payload").path("authorization");
        return new Payment(text(a, "from"), text(a, "to"), uint(a, "value"), uint(a, "validAfter"), uint(a, "validBefore"), text(a, "nonce"),
                text(n.path("payload"), "signature"));
    }

    /**
     * Encodes JSON as base64.
     *
     * @param n the JSON
     * @return base64 of its UTF-8 text
     */
    public static String base64(JsonNode n) {
        return Base64.getEncoder().encodeToString(JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asString("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v;
    }

    private static BigInteger uint(JsonNode n, String field) {
        String v = text(n, field);
        if (!v.matches("[0-9]{1,78}")) {
            throw new IllegalArgumentException("field '" + field + "' must be a whole number as a decimal string, got \"" + v + "\"");
        }
        return new BigInteger(v);
    }
}
