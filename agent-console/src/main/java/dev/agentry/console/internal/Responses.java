package dev.agentry.console.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Writes JSON responses. */
final class Responses {
    private Responses() {}

    static void json(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Wire.JSON.writeValueAsString(body));
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, Wire.object().put("error", message));
    }
}
