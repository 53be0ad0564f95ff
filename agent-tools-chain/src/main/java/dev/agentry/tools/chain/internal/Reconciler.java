package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Finishes an interrupted attempt from its journal checkpoints instead of sending again: returns
 * the receipt of any version that was mined, waits for one the node still has, re-broadcasts the
 * same signed transaction when the node lost it and its nonce is still free, and refuses when the
 * nonce was used by something else. Thread-safe.
 */
final class Reconciler {
    private final TxEnv env;
    private final Rpc rpc;
    private final ReceiptWatcher receipts;

    Reconciler(TxEnv env, ReceiptWatcher receipts) {
        this.env = env;
        this.rpc = env.rpc();
        this.receipts = receipts;
    }

    /**
     * Returns the most the interrupted attempt's transaction can cost in fees: its gas limit ×
     * the fee ceiling of its last signed version.
     *
     * @param d the checkpoints
     * @return the worst fee in wei, or empty if no signed transaction was recorded
     */
    Optional<BigInteger> worstFee(Map<String, String> d) {
        return Optional.ofNullable(d.get(TxSender.TX_RAW)).map(raw -> TransactionDecoder.decode(raw).getGasLimit().multiply(ceiling(raw)));
    }

    private BigInteger ceiling(String raw) {
        RawTransaction tx = TransactionDecoder.decode(raw);
        return env.fees().ceilingFor(tx.getTransaction() instanceof Transaction1559 t ? t.getMaxFeePerGas() : tx.getGasPrice());
    }

    /**
     * Reconciles.
     *
     * @param d the interrupted attempt's checkpoints (hash, nonce, sender, signed transaction)
     * @param checkpoint records replacements while waiting
     * @return the outcome, marked reconciled
     * @throws ToolException if the transaction came from another wallet, or was never mined and
     *     its nonce is used since (nothing is sent again)
     */
    TxOutcome reconcile(Map<String, String> d, Consumer<Map<String, String>> checkpoint) {
        String hash = d.get(TxSender.TX_HASH);
        long nonce = Long.parseLong(d.getOrDefault(TxSender.TX_NONCE, "-1"));
        for (String earlier : d.getOrDefault(TxSender.TX_PREVIOUS, "").split(",")) {
            if (!earlier.isBlank()) {
                Optional<TransactionReceipt> r = rpc.receipt(earlier.strip());
                if (r.isPresent()) {
                    return receipts.outcome(r.get(), nonce, true);
                }
            }
        }
        String from = d.getOrDefault(TxSender.TX_FROM, "");
        if (!from.equalsIgnoreCase(env.wallet().address())) {
            throw new ToolException("an interrupted earlier attempt sent transaction " + hash + " from " + from
                    + ", not from this wallet; refusing to act again");
        }
        Optional<TransactionReceipt> receipt = rpc.receipt(hash);
        if (receipt.isPresent()) {
            return receipts.outcome(receipt.get(), nonce, true);
        }
        String raw = d.get(TxSender.TX_RAW);
        if (raw == null) {
            throw new ToolException("an interrupted earlier attempt recorded transaction " + hash + " without its signed form and it is "
                    + "not mined; check it later with transaction_status. Nothing was sent again");
        }
        SignedTx tx = SignedTx.of(raw);
        if (env.knows(hash)) {
            env.nonces().markUsed(nonce);
            return receipts.await(tx, nonce, ceiling(raw), true, checkpoint);
        }
        long mined = rpc.nonce(env.wallet().address(), DefaultBlockParameterName.LATEST).longValueExact();
        if (mined > nonce) {
            throw new ToolException("an interrupted earlier attempt signed transaction " + hash + " (nonce " + nonce
                    + ") but it was never mined and its nonce has been used since; nothing was sent again");
        }
        env.nonces().markUsed(nonce);
        receipts.rebroadcast(tx, nonce);
        return receipts.await(tx, nonce, ceiling(raw), true, checkpoint);
    }
}
