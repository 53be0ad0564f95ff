package dev.agentry.tools.social;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves one {@link FeedWebhook} over HTTP: a POST's headers and body (at most 1 MiB) go to
 * {@link FeedWebhook#handle}; its status is the answer, with an empty body. Other methods get 405.
 */
final class WebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 1 << 20;

    private final transient FeedWebhook webhook;

    WebhookServlet(FeedWebhook webhook) {
        this.webhook = webhook;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            response.setStatus(413);
            return;
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        response.setStatus(webhook.handle(new WebhookRequest(headers, body)));
    }
}
