package dev.agentry.tools.chain.internal;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * An unsigned transaction to send.
 *
 * @param to recipient or contract; empty to deploy a contract
 * @param value wei sent along
 * @param data calldata or creation code, 0x hex
 * @param gasLimit explicit gas limit, else estimated with the margin
 * @param maxFeePerGas explicit max fee (wei), else from {@link Fees}
 * @param priorityFeePerGas explicit tip (wei), else from {@link Fees}
 */
public record TxRequest(Optional<String> to, BigInteger value, String data, Optional<BigInteger> gasLimit,
        Optional<BigInteger> maxFeePerGas, Optional<BigInteger> priorityFeePerGas) {

    /** Checks arguments. */
    public TxRequest {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(gasLimit, "gasLimit");
        Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        Objects.requireNonNull(priorityFeePerGas, "priorityFeePerGas");
    }

    /**
     * Creates a call or a value transfer.
     *
     * @param to recipient
     * @param value wei
     * @param data calldata
     * @return a request with estimated gas and node fees
     */
    public static TxRequest call(String to, BigInteger value, String data) {
        return new TxRequest(Optional.of(to), value, data, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Creates a contract deployment.
     *
     * @param creationCode bytecode + encoded constructor arguments
     * @return a deployment request
     */
    public static TxRequest deploy(String creationCode) {
        return new TxRequest(Optional.empty(), BigInteger.ZERO, creationCode, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Returns a copy with an explicit gas limit.
     *
     * @param limit the gas limit
     * @return the copy
     */
    public TxRequest withGasLimit(BigInteger limit) {
        return new TxRequest(to, value, data, Optional.of(limit), maxFeePerGas, priorityFeePerGas);
    }

    /**
     * Returns a copy with explicit fees.
     *
     * @param maxFee max fee per gas in wei
     * @param tip priority fee per gas in wei
     * @return the copy
     */
    public TxRequest withFees(BigInteger maxFee, BigInteger tip) {
        return new TxRequest(to, value, data, gasLimit, Optional.of(maxFee), Optional.of(tip));
    }

    /** @return whether this is a plain value transfer sized at the 21000 gas of one */
    boolean plainTransfer() {
        return to.isPresent() && (data.isEmpty() || data.equals("0x")) && gasLimit.isEmpty();
    }
}
