package dev.agentry.tools.social.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request URL: a base (scheme, host, port, path) and ordered query parameters, encoded with
 * {@code %20} for spaces so OAuth 1.0a signatures match what is sent.
 */
public final class Url {
    private final String base;
    private final List<String[]> query = new ArrayList<>();

    private Url(String base) {
        this.base = base;
    }

    /**
     * Starts a URL.
     *
     * @param baseUrl the API's base URL, without a trailing slash
     * @param path the path below it, without a leading slash
     * @return the URL
     */
    public static Url of(String baseUrl, String path) {
        return new Url(baseUrl + "/" + path);
    }

    /**
     * Starts a URL from a full address without a query.
     *
     * @param url the address, such as {@code "https://x.com/i/oauth2/authorize"}
     * @return the URL
     */
    public static Url at(String url) {
        return new Url(url);
    }

    /**
     * Adds a query parameter.
     *
     * @param name the name
     * @param value the raw value
     * @return this URL
     */
    public Url query(String name, String value) {
        query.add(new String[] {Objects.requireNonNull(name), Objects.requireNonNull(value)});
        return this;
    }

    /**
     * Returns the URL without its query.
     *
     * @return the base
     */
    public String base() {
        return base;
    }

    /**
     * Returns the raw query parameters, in order.
     *
     * @return name/value pairs
     */
    public List<String[]> parameters() {
        return List.copyOf(query);
    }

    /**
     * Returns the full URI.
     *
     * @return the URI
     */
    public URI uri() {
        var sb = new StringBuilder(base);
        char sep = '?';
        for (String[] p : query) {
            sb.append(sep).append(encode(p[0])).append('=').append(encode(p[1]));
            sep = '&';
        }
        return URI.create(sb.toString());
    }

    /**
     * Percent-encodes per RFC 3986 (unreserved characters kept, space as {@code %20}).
     *
     * @param value the raw value
     * @return the encoded value
     */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
