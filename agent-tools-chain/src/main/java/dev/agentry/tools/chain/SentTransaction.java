package dev.agentry.tools.chain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction sent by {@link ContractCalls#transact}: its hash and what became of it.
 *
 * @param hash the transaction hash
 * @param status {@code success}, {@code reverted} or {@code pending} (not mined within the receipt timeout)
 * @param gasUsed gas used, once mined
 * @param fee the fee paid in wei (gas used × effective gas price), once mined
 * @param revertReason for a reverted transaction, the decoded reason, if any
 */
public record SentTransaction(String hash, String status, Optional<BigInteger> gasUsed, Optional<BigInteger> fee, Optional<String> revertReason) {

    /** Checks arguments. */
    public SentTransaction {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(gasUsed, "gasUsed");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(revertReason, "revertReason");
    }

    /** @return whether it was mined and succeeded */
    public boolean succeeded() {
        return status.equals("success");
    }
}
