package dev.agentry.x402;

/**
 * The work a {@link PaidEndpoint} sells: called once per settled payment, after the payment is
 * on chain, never for an unpaid or already used one.
 */
@FunctionalInterface
public interface PaidService {

    /**
     * Does the paid work.
     *
     * @param request the request and the payment that settled it
     * @return the answer's body, of the endpoint's media type
     * @throws RuntimeException when the work fails; the caller gets a 500 that still carries the
     *     settlement (the payment was taken)
     */
    String serve(PaidRequest request);
}
