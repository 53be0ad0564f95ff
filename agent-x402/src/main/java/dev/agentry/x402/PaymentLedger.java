package dev.agentry.x402;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link PaidEndpoint} records the payments it takes, so that one payment is settled, and
 * served, once. Payments are identified by token, payer and EIP-3009 nonce.
 *
 * <p>The chain is the last word: the token refuses an authorization whose nonce was used, and the
 * endpoint serves only after its own settlement succeeded, so even a ledger that forgets (the
 * in-memory one, after a restart) never lets a payment be served twice. The ledger keeps
 * concurrent copies of one payment from racing to the chain. Implementations must be thread-safe.
 */
public interface PaymentLedger {

    /**
     * Claims a payment for settlement.
     *
     * @param paymentId token, payer and nonce
     * @return {@code true} for the first claim, {@code false} when it was claimed already
     */
    boolean claim(String paymentId);

    /**
     * Records that a claimed payment was settled.
     *
     * @param paymentId the payment
     * @param transaction the settlement transaction
     */
    void settled(String paymentId, String transaction);

    /**
     * Gives back a claim whose settlement failed before anything moved, so the payment may be presented again.
     *
     * @param paymentId the payment
     */
    void release(String paymentId);

    /**
     * Returns a ledger in memory.
     *
     * @return a new, empty ledger
     */
    static PaymentLedger inMemory() {
        Map<String, String> claims = new ConcurrentHashMap<>();
        return new PaymentLedger() {
            @Override
            public boolean claim(String paymentId) {
                return claims.putIfAbsent(paymentId, "") == null;
            }

            @Override
            public void settled(String paymentId, String transaction) {
                claims.put(paymentId, transaction);
            }

            @Override
            public void release(String paymentId) {
                claims.remove(paymentId, "");
            }
        };
    }
}
