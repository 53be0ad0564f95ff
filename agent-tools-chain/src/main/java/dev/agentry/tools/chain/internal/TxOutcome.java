package dev.agentry.tools.chain.internal;

import java.math.BigInteger;
import java.util.Optional;

/**
 * What became of a transaction.
 *
 * @param hash transaction hash
 * @param nonce its nonce
 * @param status mined and succeeded, mined and reverted, or not mined within the timeout
 * @param blockNumber block it was mined in
 * @param gasUsed gas used
 * @param effectiveGasPrice wei paid per gas
 * @param contractAddress created contract, for deployments
 * @param revertReason for a reverted transaction, the reason a replay of it gave, if any
 * @param reconciled whether this outcome was found for an interrupted earlier attempt
 */
public record TxOutcome(String hash, long nonce, Status status, Optional<BigInteger> blockNumber,
        Optional<BigInteger> gasUsed, Optional<BigInteger> effectiveGasPrice, Optional<String> contractAddress,
        Optional<String> revertReason, boolean reconciled) {

    /** Where a transaction stands. */
    public enum Status {
        /** Mined with status 1. */
        SUCCESS,
        /** Mined with status 0: nothing changed but the fee. */
        REVERTED,
        /** Sent but not mined within the receipt timeout. */
        PENDING;

        /** @return the status as shown to the model: {@code success}, {@code reverted} or {@code pending} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Creates the outcome of a transaction not mined yet.
     *
     * @param hash its hash (the latest version's)
     * @param nonce its nonce
     * @param reconciled whether found for an interrupted earlier attempt
     * @return the outcome
     */
    static TxOutcome pending(String hash, long nonce, boolean reconciled) {
        return new TxOutcome(hash, nonce, Status.PENDING, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), reconciled);
    }

    /** @return whether mined with status 1 */
    public boolean succeeded() {
        return status == Status.SUCCESS;
    }

    /** @return the fee really paid (gas used × effective gas price), once mined */
    public Optional<BigInteger> fee() {
        return gasUsed.flatMap(g -> effectiveGasPrice.map(g::multiply));
    }
}
