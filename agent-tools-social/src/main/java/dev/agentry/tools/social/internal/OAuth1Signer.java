package dev.agentry.tools.social.internal;

import dev.agentry.core.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849, as X documents it in "Creating a
 * signature"): the query and form parameters and the {@code oauth_*} parameters, percent-encoded,
 * sorted and joined, form the signature base string with the method and base URL; the key is the
 * encoded consumer secret and token secret joined by {@code &}. JSON bodies are not signed.
 */
public final class OAuth1Signer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Secret consumerKey;
    private final Secret consumerSecret;
    private final Secret token;
    private final Secret tokenSecret;
    private final Clock clock;

    /**
     * Creates a signer.
     *
     * @param consumerKey the app's API key
     * @param consumerSecret the app's API key secret
     * @param token the user's access token
     * @param tokenSecret the user's access token secret
     * @param clock the clock for timestamps
     */
    public OAuth1Signer(Secret consumerKey, Secret consumerSecret, Secret token, Secret tokenSecret, Clock clock) {
        this.consumerKey = Objects.requireNonNull(consumerKey, "consumerKey");
        this.consumerSecret = Objects.requireNonNull(consumerSecret, "consumerSecret");
        this.token = Objects.requireNonNull(token, "token");
        this.tokenSecret = Objects.requireNonNull(tokenSecret, "tokenSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the {@code Authorization} header value for a request, with a fresh nonce and
     * timestamp.
     *
     * @param method the HTTP method
     * @param url the URL, query included
     * @param formParameters form-encoded body parameters (empty for JSON bodies)
     * @return the header value, {@code OAuth ...}
     */
    public String authorization(String method, Url url, Map<String, String> formParameters) {
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        return authorization(method, url, formParameters, HexFormat.of().formatHex(nonceBytes),
                Long.toString(clock.instant().getEpochSecond()));
    }

    /**
     * Returns the {@code Authorization} header value for a request with a given nonce and timestamp.
     *
     * @param method the HTTP method
     * @param url the URL, query included
     * @param formParameters form-encoded body parameters
     * @param nonce the nonce
     * @param timestamp seconds since the epoch
     * @return the header value
     */
    public String authorization(String method, Url url, Map<String, String> formParameters, String nonce, String timestamp) {
        var oauth = new TreeMap<String, String>();
        oauth.put("oauth_consumer_key", consumerKey.reveal());
        oauth.put("oauth_nonce", nonce);
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        oauth.put("oauth_timestamp", timestamp);
        oauth.put("oauth_token", token.reveal());
        oauth.put("oauth_version", "1.0");
        var all = new ArrayList<String[]>();
        all.addAll(url.parameters());
        formParameters.forEach((k, v) -> all.add(new String[] {k, v}));
        oauth.forEach((k, v) -> all.add(new String[] {k, v}));
        oauth.put("oauth_signature", sign(method, baseUrl(url.base()), all));
        var header = new StringBuilder("OAuth ");
        boolean first = true;
        for (var e : oauth.entrySet()) {
            if (!first) {
                header.append(", ");
            }
            first = false;
            header.append(encode(e.getKey())).append("=\"").append(encode(e.getValue())).append('"');
        }
        return header.toString();
    }

    /**
     * Computes the HMAC-SHA1 signature of a request.
     *
     * @param method the HTTP method
     * @param baseUrl scheme, host, port (if not default) and path, without query
     * @param parameters all query, form and {@code oauth_*} parameters, raw (not encoded)
     * @return the base64 signature
     */
    public String sign(String method, String baseUrl, List<String[]> parameters) {
        var encoded = new ArrayList<String>();
        for (String[] p : parameters) {
            encoded.add(encode(p[0]) + "=" + encode(p[1]));
        }
        encoded.sort(null);
        String base = method.toUpperCase() + "&" + encode(baseUrl) + "&" + encode(String.join("&", encoded));
        String key = encode(consumerSecret.reveal()) + "&" + encode(tokenSecret.reveal());
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /**
     * Percent-encodes per RFC 3986 (unreserved characters kept, space as {@code %20}).
     *
     * @param value the raw value
     * @return the encoded value
     */
    public static String encode(String value) {
        return Url.encode(value);
    }

    private static String baseUrl(String base) {
        URI uri = URI.create(base);
        String scheme = uri.getScheme().toLowerCase();
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase() + (defaultPort ? "" : ":" + port) + uri.getRawPath();
    }

    /** Returns a redacted description. */
    @Override
    public String toString() {
        return "OAuth1Signer[redacted]";
    }
}
