package dev.agentry.console.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the page and its assets from the jar ({@code dev/agentry/console/web/}): {@code /} is
 * {@code index.html}. Only known files, by exact name; no directory listing, no path walking.
 */
public final class StaticServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String ROOT = "/dev/agentry/console/web";
    private static final Map<String, String> FILES = Map.of(
            "/", "/index.html",
            "/app.js", "/app.js",
            "/app.css", "/app.css",
            "/login.css", "/login.css",
            "/vendor/uPlot.iife.min.js", "/vendor/uPlot.iife.min.js",
            "/vendor/uPlot.min.css", "/vendor/uPlot.min.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8", "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = FILES.get(request.getRequestURI());
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = StaticServlet.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            in.transferTo(response.getOutputStream());
        }
    }
}
