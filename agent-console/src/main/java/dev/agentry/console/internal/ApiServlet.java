package dev.agentry.console.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP API under {@code /api}: routes them to {@link ReadApi} and {@link ActionApi}, answers
 * JSON, and turns failures into status codes (400 bad input, 404 unknown, 409 not in a state to do
 * it, 500 with a logged cause). Every route is listed in the {@code openapi.json} it serves.
 */
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);

    private final transient List<Route> routes;

    /** Creates the API over the console's parts. */
    public ApiServlet(ConsoleParts parts) {
        List<Route> all = new ArrayList<>(new ReadApi(parts).routes());
        all.addAll(new ActionApi(parts).routes());
        this.routes = List.copyOf(all);
    }

    /** The routes, for the OpenAPI check. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String method = request.getMethod();
        for (Route route : routes) {
            Optional<Map<String, String>> values = route.match(method, path);
            if (values.isPresent()) {
                answer(route, new Route.Call(request, response, values.get(), (String) request.getAttribute(AuthFilter.OPERATOR)));
                return;
            }
        }
        boolean known = routes.stream().anyMatch(r -> r.match(r.method(), path).isPresent());
        Responses.error(response, known ? HttpServletResponse.SC_METHOD_NOT_ALLOWED : HttpServletResponse.SC_NOT_FOUND,
                (known ? "method " + method + " not allowed on " : "no API route ") + path);
    }

    private void answer(Route route, Route.Call call) throws IOException {
        try {
            JsonNode body = route.handler().handle(call);
            if (body != null) {
                Responses.json(call.response(), HttpServletResponse.SC_OK, body);
            }
        } catch (ApiException e) {
            Responses.error(call.response(), e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            Responses.error(call.response(), e.getMessage() != null && e.getMessage().startsWith("no ") ? 404 : 400, e.getMessage());
        } catch (IllegalStateException e) {
            Responses.error(call.response(), HttpServletResponse.SC_CONFLICT, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("console API {} {} failed", route.method(), route.template(), e);
            Responses.error(call.response(), HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
        }
    }
}
