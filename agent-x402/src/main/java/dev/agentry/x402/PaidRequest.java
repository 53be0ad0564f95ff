package dev.agentry.x402;

import java.util.Objects;

/**
 * One paid request, as a {@link PaidService} sees it.
 *
 * @param method the HTTP method
 * @param path the request path
 * @param query the query string, empty if none
 * @param body the request body (UTF-8), empty if none
 * @param payer the address that paid
 * @param amount what it paid, in token units as a decimal string
 * @param transaction the settlement transaction's hash
 */
public record PaidRequest(String method, String path, String query, String body, String payer, String amount, String transaction) {

    /** Checks arguments. */
    public PaidRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(transaction, "transaction");
    }
}
