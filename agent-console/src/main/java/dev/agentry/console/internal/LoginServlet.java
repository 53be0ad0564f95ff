package dev.agentry.console.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /login} shows the token form; {@code POST /login} with the operator token opens a
 * session (an HttpOnly, SameSite=Strict cookie holding a random session id, never the token) and
 * goes to the console; a wrong token gets 401 and the form again. {@code POST /logout} ends the
 * session (the filter checks its CSRF token first).
 */
public final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(LoginServlet.class);

    private final transient Operators operators;

    /** Creates the servlet. */
    public LoginServlet(Operators operators) {
        this.operators = operators;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        page(response, HttpServletResponse.SC_OK, "");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/logout".equals(request.getRequestURI())) {
            String id = AuthFilter.cookie(request);
            if (id != null) {
                operators.close(id);
            }
            response.addCookie(cookie("", 0));
            response.sendRedirect("/login");
            return;
        }
        if (!AuthFilter.sameOrigin(request)) {
            page(response, HttpServletResponse.SC_FORBIDDEN, "This login came from another site.");
            return;
        }
        Optional<String> operator = operators.authenticate(request.getParameter("token"));
        if (operator.isEmpty()) {
            log.warn("console login from {} refused: unknown token", request.getRemoteAddr());
            page(response, HttpServletResponse.SC_UNAUTHORIZED, "That is not an operator token.");
            return;
        }
        Operators.Session session = operators.open(operator.get());
        response.addCookie(cookie(session.id(), (int) Operators.SESSION.toSeconds()));
        log.info("console: operator {} logged in from {}", operator.get(), request.getRemoteAddr());
        response.sendRedirect("/");
    }

    private static Cookie cookie(String value, int maxAge) {
        Cookie cookie = new Cookie(AuthFilter.COOKIE, value);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", "Strict");
        return cookie;
    }

    private static void page(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        response.getWriter().write("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Agentry console: log in</title>
                <link rel="stylesheet" href="/login.css"></head>
                <body><main><h1>Agentry operator console</h1>
                <form method="post" action="/login">
                <label for="token">Operator token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                <button id="login" type="submit">Log in</button>
                </form>
                <p id="message" class="message">%s</p></main></body></html>
                """.formatted(message));
    }
}
