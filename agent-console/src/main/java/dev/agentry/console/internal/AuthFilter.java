package dev.agentry.console.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request but the login page must be an operator's: either a session cookie from a token
 * login, or {@code Authorization: Bearer TOKEN} (for scripts). Pages without one are sent to the
 * login page; API calls get 401. State-changing requests (anything but GET and HEAD) made with a
 * session cookie must also carry the session's CSRF token in {@code X-CSRF-Token}, and if the
 * browser sends an {@code Origin}, it must be the console's own; the cookie is {@code SameSite=Strict}
 * besides. Bearer requests carry no ambient credential, so they need no CSRF token. The operator's
 * name goes to the request attribute {@link #OPERATOR}; every response gets security headers.
 */
public final class AuthFilter implements Filter {
    /** The request attribute holding the authenticated operator's name. */
    public static final String OPERATOR = "dev.agentry.console.operator";
    /** The session cookie's name. */
    public static final String COOKIE = "agentry_console";
    private static final Logger log = LoggerFactory.getLogger(AuthFilter.class);
    private static final Set<String> PUBLIC = Set.of("/login", "/login.css");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Operators operators;

    /** Creates the filter. */
    public AuthFilter(Operators operators) {
        this.operators = operators;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        headers(response);
        String path = request.getRequestURI();
        if (PUBLIC.contains(path)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<String> operator = operators.authenticate(header.substring(7));
            if (operator.isEmpty()) {
                refuse(request, response, "unknown bearer token");
                return;
            }
            request.setAttribute(OPERATOR, operator.get());
            chain.doFilter(request, response);
            return;
        }
        Optional<Operators.Session> session = operators.session(cookie(request));
        if (session.isEmpty()) {
            refuse(request, response, "not logged in");
            return;
        }
        if (!safe(request.getMethod()) && !sameOriginWithCsrf(request, session.get())) {
            log.warn("console: {} {} from {} refused: missing or wrong CSRF token or foreign origin", request.getMethod(), path, request.getRemoteAddr());
            Responses.error(response, HttpServletResponse.SC_FORBIDDEN, "missing or wrong X-CSRF-Token, or a foreign Origin");
            return;
        }
        request.setAttribute(OPERATOR, session.get().operator());
        chain.doFilter(request, response);
    }

    /** The session cookie's value, if the request has one. */
    static String cookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    /** Whether a request comes from the console's own origin (or says nothing about its origin). */
    static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI o = URI.create(origin);
            int port = o.getPort() == -1 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
            return request.getServerName().equalsIgnoreCase(o.getHost()) && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean sameOriginWithCsrf(HttpServletRequest request, Operators.Session session) {
        String sent = request.getHeader("X-CSRF-Token");
        return sent != null && java.security.MessageDigest.isEqual(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8), session.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8)) && sameOrigin(request);
    }

    private static boolean safe(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        if (request.getRequestURI().startsWith("/api/")) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"agentry-console\"");
            Responses.error(response, HttpServletResponse.SC_UNAUTHORIZED, why + "; log in with the operator token");
        } else {
            response.sendRedirect("/login");
        }
    }

    private static void headers(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
    }
}
