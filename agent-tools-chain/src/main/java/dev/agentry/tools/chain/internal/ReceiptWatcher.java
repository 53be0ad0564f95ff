package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.Chain;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Waits for a broadcast transaction's receipt. Re-broadcasts the same signed transaction if the
 * node forgot it (dropped), and replaces it with the same transaction at a 10% (+1 wei) higher fee
 * if it is next in line for the account but stays unmined past the stuck timeout (Anvil can leave
 * an out-of-order arrival queued; real chains underpriced ones), never above the transaction's
 * fee ceiling. Every version is checkpointed before it is broadcast, and at most one can be mined.
 * Thread-safe.
 */
final class ReceiptWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptWatcher.class);

    private final TxEnv env;
    private final Rpc rpc;
    private final Duration pollInterval;
    private final Duration receiptTimeout;
    private final Duration stuckAfter;

    ReceiptWatcher(TxEnv env, Duration pollInterval, Duration receiptTimeout) {
        this.env = env;
        this.rpc = env.rpc();
        this.pollInterval = pollInterval;
        this.receiptTimeout = receiptTimeout;
        // a local dev node mines at once; elsewhere give the network minutes before paying more
        this.stuckAfter = env.chain().id() == Chain.ANVIL.id() ? Duration.ofMillis(300) : Duration.ofMinutes(3);
    }

    /**
     * Polls until mined or the timeout.
     *
     * @param first the broadcast version
     * @param nonce its nonce
     * @param ceiling the highest max fee per gas a replacement may carry
     * @param reconciled whether this resumes an interrupted earlier attempt
     * @param checkpoint records each replacement before it is broadcast
     * @return the outcome; {@link TxOutcome.Status#PENDING} if not mined within the timeout
     * @throws ToolException if the node answers with an error while waiting, or the nonce was
     *     taken by another transaction
     */
    TxOutcome await(SignedTx first, long nonce, BigInteger ceiling, boolean reconciled, Consumer<Map<String, String>> checkpoint) {
        long start = System.nanoTime();
        long deadline = start + receiptTimeout.toNanos();
        long nextDropCheck = start + Math.max(pollInterval.toNanos() * 20, Duration.ofSeconds(2).toNanos());
        long nextStuckCheck = start + stuckAfter.toNanos();
        long backoff = Duration.ofMillis(1).toNanos();
        List<String> hashes = new ArrayList<>(List.of(first.hash()));
        SignedTx latest = first;
        int bumps = 0;
        while (true) {
            try {
                for (String h : hashes) {
                    Optional<TransactionReceipt> receipt = rpc.receipt(h);
                    if (receipt.isPresent()) {
                        return outcome(receipt.get(), nonce, reconciled);
                    }
                }
                if (System.nanoTime() > nextDropCheck) {
                    nextDropCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    if (!env.knows(latest.hash())) {
                        rebroadcast(latest, nonce);
                    }
                }
                if (bumps < Fees.MAX_BUMPS && System.nanoTime() > nextStuckCheck) {
                    nextStuckCheck = System.nanoTime() + stuckAfter.toNanos();
                    long mined = rpc.nonce(env.wallet().address(), DefaultBlockParameterName.LATEST).longValueExact();
                    Optional<SignedTx> replacement = mined == nonce ? bump(latest, hashes, ceiling, checkpoint) : Optional.empty();
                    if (replacement.isPresent()) {
                        latest = replacement.get();
                        hashes.add(latest.hash());
                        bumps++;
                    }
                }
            } catch (RpcException e) {
                if (!e.isTransport()) {
                    throw new ToolException("transaction " + latest.hash() + " sent, but the node failed while waiting for its receipt: "
                            + e.getMessage(), e);
                }
                LOG.debug("receipt poll for {} failed: {}", hashes, e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                return TxOutcome.pending(latest.hash(), nonce, reconciled);
            }
            // quick first polls (a local node mines within milliseconds), then the configured interval
            LockSupport.parkNanos(Math.min(pollInterval.toNanos(), backoff));
            backoff = Math.min(backoff * 2, pollInterval.toNanos());
        }
    }

    /** Re-signs the transaction with fees 10% + 1 wei higher; empty if that would pass the ceiling or the node refuses. */
    private Optional<SignedTx> bump(SignedTx stuck, List<String> hashes, BigInteger ceiling, Consumer<Map<String, String>> checkpoint) {
        RawTransaction old = TransactionDecoder.decode(stuck.raw());
        if (!(old.getTransaction() instanceof Transaction1559 t)) {
            return Optional.empty();
        }
        BigInteger maxFee = Fees.bumped(t.getMaxFeePerGas());
        if (maxFee.compareTo(ceiling) > 0) {
            LOG.info("transaction {} is stuck, but a higher fee would pass its ceiling of {} gwei", stuck.hash(), Units.weiToGwei(ceiling));
            return Optional.empty();
        }
        BigInteger tip = Fees.bumped(t.getMaxPriorityFeePerGas()).min(maxFee);
        SignedTx next = SignedTx.sign(env.wallet(), RawTransaction.createTransaction(env.chain().id(), old.getNonce(), old.getGasLimit(),
                old.getTo() == null ? "" : old.getTo(), old.getValue(), old.getData(), tip, maxFee));
        Map<String, String> cp = new LinkedHashMap<>();
        cp.put(TxSender.TX_HASH, next.hash());
        cp.put(TxSender.TX_RAW, next.raw());
        cp.put(TxSender.TX_PREVIOUS, String.join(",", hashes));
        checkpoint.accept(cp);
        try {
            rpc.sendRaw(next.raw());
            LOG.info("transaction {} (nonce {}) was stuck; replaced it with {} at {} gwei", stuck.hash(), old.getNonce(), next.hash(),
                    Units.weiToGwei(maxFee));
            return Optional.of(next);
        } catch (RpcException e) {
            LOG.info("replacing stuck transaction {} failed: {}", stuck.hash(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Broadcasts the same signed transaction again, for one the node does not know.
     *
     * @param tx the transaction
     * @param nonce its nonce
     * @throws ToolException if its nonce has been used by another transaction meanwhile
     */
    void rebroadcast(SignedTx tx, long nonce) {
        try {
            rpc.sendRaw(tx.raw());
            LOG.info("re-broadcast transaction {} (nonce {}) that the node did not know", tx.hash(), nonce);
        } catch (RpcException e) {
            if (e.says("already imported") || e.says("already known")) {
                return;
            }
            if (e.says("nonce too low")) {
                if (rpc.receipt(tx.hash()).isEmpty()) {
                    env.nonces().resyncOrReset();
                    throw new ToolException("transaction " + tx.hash() + " was dropped and its nonce " + nonce
                            + " is now used by another transaction; it will not be mined and was not sent again");
                }
                return;
            }
            throw e;
        }
    }

    /**
     * Turns a receipt into an outcome; for a reverted transaction, replays it at its block to
     * recover the revert reason.
     *
     * @param r the receipt
     * @param nonce the transaction's nonce
     * @param reconciled whether found for an interrupted earlier attempt
     * @return the outcome
     */
    TxOutcome outcome(TransactionReceipt r, long nonce, boolean reconciled) {
        TxOutcome.Status status = r.isStatusOK() ? TxOutcome.Status.SUCCESS : TxOutcome.Status.REVERTED;
        Optional<String> reason = status == TxOutcome.Status.REVERTED ? revertReason(r) : Optional.empty();
        // Rpc.quantity, not the receipt's getters: web3j's decoder throws and catches an exception per hex value
        return new TxOutcome(r.getTransactionHash(), nonce, status, Optional.ofNullable(Rpc.quantity(r.getBlockNumberRaw())),
                Optional.ofNullable(Rpc.quantity(r.getGasUsedRaw())), Optional.ofNullable(Rpc.quantity(r.getEffectiveGasPrice())),
                Optional.ofNullable(r.getContractAddress()), reason, reconciled);
    }

    /** Replays a reverted transaction as a call on the state its block left (the revert changed nothing). */
    private Optional<String> revertReason(TransactionReceipt r) {
        try {
            Optional<org.web3j.protocol.core.methods.response.Transaction> tx = rpc.transaction(r.getTransactionHash());
            if (tx.isEmpty()) {
                return Optional.empty();
            }
            var t = tx.get();
            Transaction call = new Transaction(t.getFrom(), null, null, t.getGas(), t.getTo(), t.getValue(), t.getInput());
            rpc.send(rpc.web3j().ethCall(call, DefaultBlockParameter.valueOf(r.getBlockNumber())));
            return Optional.empty();
        } catch (RpcException e) {
            return e.isTransport() ? Optional.empty() : Optional.of(e.describe());
        }
    }
}
