package dev.agentry.x402.internal;

import dev.agentry.x402.PaidRequest;
import dev.agentry.x402.PaidService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The servlet of a paid endpoint: {@code 402 Payment Required} with the requirements until a
 * payment comes in {@code X-PAYMENT}; then verify, settle, serve, and answer with the settlement
 * in {@code X-PAYMENT-RESPONSE}. Any method and path under its mapping. Thread-safe.
 */
public final class PaymentServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PaymentServlet.class);

    private final transient Function<String, Wire.Requirements> requirements;
    private final transient Settlement settlement;
    private final transient PaidService service;
    private final int decimals;

    /**
     * @param requirements the requirements for a resource URL
     * @param settlement verifies and settles payments
     * @param service the paid work
     * @param decimals the asset's decimals, for the amount shown to the service
     */
    public PaymentServlet(Function<String, Wire.Requirements> requirements, Settlement settlement, PaidService service, int decimals) {
        this.requirements = requirements;
        this.settlement = settlement;
        this.service = service;
        this.decimals = decimals;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Wire.Requirements required = requirements.apply(req.getRequestURL().toString());
        String header = req.getHeader(Wire.PAYMENT);
        if (header == null || header.isBlank()) {
            paymentRequired(resp, required, "X-PAYMENT header is required");
            return;
        }
        JsonNode decoded;
        Wire.Payment payment;
        try {
            decoded = Wire.decode(header);
            payment = Wire.payment(decoded);
        } catch (IllegalArgumentException e) {
            paymentRequired(resp, required, "invalid_payload: " + e.getMessage());
            return;
        }
        Settlement.Outcome o = settlement.settle(decoded, payment, required);
        if (o.transaction().isEmpty()) {
            LOG.info("x402 payment refused: {} (payer {})", o.reason().orElse("?"), o.payer());
            paymentRequired(resp, required, o.reason().orElse("invalid_payment"));
            return;
        }
        String tx = o.transaction().get();
        ObjectNode settled = Wire.JSON.createObjectNode();
        settled.put("success", true);
        settled.put("transaction", tx);
        settled.put("network", required.network());
        settled.put("payer", o.payer());
        resp.setHeader(Wire.PAYMENT_RESPONSE, Wire.base64(settled));
        resp.setHeader("Access-Control-Expose-Headers", Wire.PAYMENT_RESPONSE);
        String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String amount = new BigDecimal(payment.value(), decimals).stripTrailingZeros().toPlainString();
        String answer;
        try {
            answer = service.serve(new PaidRequest(req.getMethod(), req.getRequestURI(), req.getQueryString() == null ? "" : req.getQueryString(),
                    body, o.payer(), amount, tx));
        } catch (RuntimeException e) {
            LOG.warn("x402 service failed after settlement {}: {}", tx, e.toString());
            ObjectNode err = Wire.JSON.createObjectNode();
            err.put("error", "the service failed after the payment was settled");
            err.put("transaction", tx);
            write(resp, 500, "application/json", Wire.JSON.writeValueAsString(err));
            return;
        }
        write(resp, 200, required.mimeType(), answer);
    }

    private static void paymentRequired(HttpServletResponse resp, Wire.Requirements required, String error) throws IOException {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("x402Version", Wire.VERSION);
        n.put("error", error);
        n.putArray("accepts").add(required.json());
        write(resp, 402, "application/json", Wire.JSON.writeValueAsString(n));
    }

    private static void write(HttpServletResponse resp, int status, String type, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
