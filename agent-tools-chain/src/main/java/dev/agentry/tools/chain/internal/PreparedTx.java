package dev.agentry.tools.chain.internal;

import java.math.BigInteger;

/**
 * A transaction simulated, sized and priced, ready to sign: what the policy is told it may cost
 * and what the sender then sends.
 *
 * @param request the request
 * @param gasLimit the gas limit every version of the transaction carries
 * @param maxFeePerGas the max fee per gas of the first version
 * @param priorityFeePerGas the tip of the first version
 * @param feeCeiling the highest max fee per gas any version may carry (replacements of a stuck
 *     transaction and re-pricing after a base-fee rise stay at or under it)
 */
public record PreparedTx(TxRequest request, BigInteger gasLimit, BigInteger maxFeePerGas, BigInteger priorityFeePerGas,
        BigInteger feeCeiling) {

    /** @return the most this transaction can cost in fees: gas limit × fee ceiling, in wei */
    public BigInteger worstFee() {
        return gasLimit.multiply(feeCeiling);
    }
}
