package dev.agentry.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One API route: a method and a path template whose {@code {name}} segments capture values.
 *
 * @param method the HTTP method
 * @param template the path, such as {@code /api/approvals/{id}/approve}
 * @param handler what answers it
 */
public record Route(String method, String template, Handler handler) {

    /** Answers a call: returns the JSON body (status 200), or writes the response itself and returns null. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers.
         *
         * @param call the call
         * @return the body, or null when the handler wrote the response
         * @throws IOException if writing fails
         */
        JsonNode handle(Call call) throws IOException;
    }

    /**
     * One request to a route.
     *
     * @param request the request
     * @param response the response
     * @param path the captured path values
     * @param operator who calls
     */
    public record Call(HttpServletRequest request, HttpServletResponse response, Map<String, String> path, String operator) {

        /** A query parameter, if present and not blank. */
        public Optional<String> query(String name) {
            return Optional.ofNullable(request.getParameter(name)).map(String::strip).filter(v -> !v.isEmpty());
        }

        /** A whole-number query parameter within bounds, or a default. */
        public int number(String name, int fallback, int max) {
            return query(name).map(v -> {
                try {
                    return Math.max(1, Math.min(max, Integer.parseInt(v)));
                } catch (NumberFormatException e) {
                    throw new ApiException(400, "query parameter '" + name + "' must be a whole number, was '" + v + "'");
                }
            }).orElse(fallback);
        }

        /** The request body as a JSON object (an empty object for an empty body). */
        public JsonNode body() throws IOException {
            String text = new String(request.getInputStream().readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return Wire.object();
            }
            try {
                JsonNode node = Wire.JSON.readTree(text);
                if (!node.isObject()) {
                    throw new ApiException(400, "the body must be a JSON object");
                }
                return node;
            } catch (tools.jackson.core.JacksonException e) {
                throw new ApiException(400, "the body is not JSON");
            }
        }
    }

    /** Matches a path; returns the captured values, or empty when it does not match. */
    Optional<Map<String, String>> match(String requestMethod, String path) {
        if (!method.equals(requestMethod)) {
            return Optional.empty();
        }
        String[] want = template.split("/");
        String[] got = path.split("/");
        if (want.length != got.length) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                values.put(want[i].substring(1, want[i].length() - 1), got[i]);
            } else if (!want[i].equals(got[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }
}
