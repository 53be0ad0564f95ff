package dev.agentry.mcp.internal;

import dev.agentry.mcp.McpCredential;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through only requests with {@code Authorization: Bearer TOKEN} for a known credential, and
 * records which credential in the request attribute {@link ToolBridge#CREDENTIAL}. Anything else
 * gets 401 before the MCP transport sees it. Tokens are compared as SHA-256 digests in constant
 * time, against every credential, so timing reveals neither a token nor which one matched.
 */
public final class BearerAuthFilter implements Filter {
    private static final Logger log = LoggerFactory.getLogger(BearerAuthFilter.class);

    private final List<Entry> entries;

    private record Entry(McpCredential credential, byte[] digest) {}

    /** Creates the filter for the credentials that have tokens. */
    public BearerAuthFilter(List<McpCredential> credentials) {
        this.entries = credentials.stream().filter(c -> c.token().isPresent())
                .map(c -> new Entry(c, digest(c.token().get().reveal()))).toList();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        Optional<McpCredential> credential = authenticate(http.getHeader("Authorization"));
        if (credential.isEmpty()) {
            log.warn("MCP request from {} refused: missing or unknown bearer token", http.getRemoteAddr());
            HttpServletResponse out = (HttpServletResponse) response;
            out.setHeader("WWW-Authenticate", "Bearer realm=\"agentry\"");
            out.sendError(HttpServletResponse.SC_UNAUTHORIZED, "missing or unknown bearer token");
            return;
        }
        request.setAttribute(ToolBridge.CREDENTIAL, credential.get());
        chain.doFilter(request, response);
    }

    /** Returns the credential a header authenticates, if any. */
    public Optional<McpCredential> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = digest(authorization.substring(7).strip());
        McpCredential found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented)) {
                found = entry.credential();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
