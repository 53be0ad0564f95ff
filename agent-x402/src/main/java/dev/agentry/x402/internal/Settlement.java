package dev.agentry.x402.internal;

import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.ContractCalls;
import dev.agentry.tools.chain.SentTransaction;
import dev.agentry.x402.PaymentLedger;
import dev.agentry.x402.X402Asset;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Verifies an x402 exact payment and settles it on chain: the checks x402's facilitator makes
 * (version, scheme, network, payee, amount, validity window, signature, balance), plus the
 * nonce's state on chain and the {@link PaymentLedger} claim, then
 * {@code transferWithAuthorization} from the seller's wallet. Rejections carry x402's error codes.
 * Thread-safe.
 */
public final class Settlement {
    private final ContractCalls calls;
    private final X402Asset asset;
    private final long chainId;
    private final String network;
    private final PaymentLedger ledger;
    private final Clock clock;

    /**
     * What became of a payment.
     *
     * @param transaction the settlement transaction, when settled
     * @param reason why it was refused, when not
     * @param payer the payer named in the payment
     */
    public record Outcome(Optional<String> transaction, Optional<String> reason, String payer) {
        static Outcome refused(String reason, String payer) {
            return new Outcome(Optional.empty(), Optional.of(reason), payer);
        }
    }

    /**
     * @param calls the seller's contract calls
     * @param asset the token accepted
     * @param chainId the chain
     * @param network its x402 name
     * @param ledger the payments taken
     * @param clock the clock the validity window is checked against
     */
    public Settlement(ContractCalls calls, X402Asset asset, long chainId, String network, PaymentLedger ledger, Clock clock) {
        this.calls = calls;
        this.asset = asset;
        this.chainId = chainId;
        this.network = network;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Verifies a payment against requirements and settles it.
     *
     * @param header the decoded {@code X-PAYMENT} header
     * @param p its authorization
     * @param required what the resource costs
     * @return the settlement, or the reason it was refused (nothing moved then)
     */
    public Outcome settle(JsonNode header, Wire.Payment p, Wire.Requirements required) {
        Optional<String> invalid = verify(header, p, required);
        if (invalid.isPresent()) {
            return Outcome.refused(invalid.get(), p.from());
        }
        String id = (asset.address() + "|" + p.from() + "|" + p.nonce()).toLowerCase(Locale.ROOT);
        if (!ledger.claim(id)) {
            return Outcome.refused("duplicate_settlement: this payment was presented already", p.from());
        }
        SentTransaction tx;
        try {
            tx = calls.transact(asset.address(), BigInteger.ZERO, Eip3009.settle(p));
        } catch (ToolException e) {
            ledger.release(id);
            return Outcome.refused("unexpected_settle_error: " + e.getMessage(), p.from());
        }
        if (!tx.succeeded()) {
            if (tx.status().equals("reverted")) {
                ledger.release(id);
            }
            return Outcome.refused("invalid_transaction_state: settlement " + tx.hash() + " is " + tx.status(), p.from());
        }
        ledger.settled(id, tx.hash());
        return new Outcome(Optional.of(tx.hash()), Optional.empty(), p.from());
    }

    private Optional<String> verify(JsonNode header, Wire.Payment p, Wire.Requirements required) {
        long now = clock.instant().getEpochSecond();
        if (header.path("x402Version").asInt(-1) != Wire.VERSION) {
            return Optional.of("invalid_x402_version");
        }
        if (!Wire.EXACT.equals(header.path("scheme").asString(""))) {
            return Optional.of("unsupported_scheme");
        }
        if (!network.equals(header.path("network").asString(""))) {
            return Optional.of("invalid_network: this resource is paid on " + network);
        }
        if (!p.to().equalsIgnoreCase(required.payTo())) {
            return Optional.of("invalid_exact_evm_payload_recipient_mismatch");
        }
        if (p.value().compareTo(required.maxAmountRequired()) < 0) {
            return Optional.of("invalid_exact_evm_payload_authorization_value: " + p.value() + " < " + required.maxAmountRequired());
        }
        if (p.validBefore().compareTo(BigInteger.valueOf(now + 6)) < 0) {
            return Optional.of("invalid_exact_evm_payload_authorization_valid_before");
        }
        if (p.validAfter().compareTo(BigInteger.valueOf(now)) > 0) {
            return Optional.of("invalid_exact_evm_payload_authorization_valid_after");
        }
        Optional<String> signer = Eip3009.signer(asset, chainId, p);
        if (signer.isEmpty() || !signer.get().equalsIgnoreCase(p.from())) {
            return Optional.of("invalid_exact_evm_payload_signature");
        }
        if (Eip3009.word(calls.read(asset.address(), Eip3009.balanceOf(p.from()))).compareTo(p.value()) < 0) {
            return Optional.of("insufficient_funds");
        }
        if (Eip3009.word(calls.read(asset.address(), Eip3009.authorizationState(p.from(), p.nonce()))).signum() != 0) {
            return Optional.of("duplicate_settlement: the authorization's nonce was used on chain");
        }
        return Optional.empty();
    }
}
