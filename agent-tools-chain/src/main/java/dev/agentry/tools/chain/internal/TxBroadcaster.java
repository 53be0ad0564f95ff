package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.Wallet;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Signs a prepared transaction with a nonce from the {@link NonceManager}, checkpoints it, and
 * broadcasts it: with {@code eth_sendRawTransactionSync} (the receipt in the same round trip) when
 * the node has it, else {@code eth_sendRawTransaction}. Recovers from nonce races, a base fee that
 * rose past the max fee (re-priced up to the prepared fee ceiling, never above) and ambiguous
 * transport failures; gives back the nonce of a transaction the node refused and fills the gap
 * with a zero-value self-transfer when nobody reuses it. Thread-safe.
 */
final class TxBroadcaster {
    private static final Logger LOG = LoggerFactory.getLogger(TxBroadcaster.class);
    private static final int MAX_ATTEMPTS = 6;
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

    private final TxEnv env;
    private final Rpc rpc;
    private final Wallet wallet;
    private final Fees fees;
    private final NonceManager nonces;
    private final TxSimulator simulator;
    private final Duration gapFillDelay;
    private volatile boolean syncSend;

    /**
     * A broadcast transaction.
     *
     * @param tx the signed version the node accepted
     * @param nonce its nonce
     * @param mined its receipt, when the node answered with one
     */
    record Sent(SignedTx tx, long nonce, Optional<TransactionReceipt> mined) {
    }

    TxBroadcaster(TxEnv env, TxSimulator simulator, Duration pollInterval, boolean syncSend) {
        this.env = env;
        this.rpc = env.rpc();
        this.wallet = env.wallet();
        this.fees = env.fees();
        this.nonces = env.nonces();
        this.simulator = simulator;
        this.gapFillDelay = Duration.ofMillis(Math.max(200, pollInterval.toMillis() * 2));
        this.syncSend = syncSend;
    }

    /**
     * Signs, checkpoints and broadcasts.
     *
     * @param prepared the prepared transaction
     * @param checkpoint records the signed transaction before it is broadcast
     * @return the accepted transaction
     * @throws ToolException when the node refuses it or cannot be reached, saying whether anything was sent
     */
    Sent broadcast(PreparedTx prepared, Consumer<Map<String, String>> checkpoint) {
        TxRequest request = prepared.request();
        BigInteger maxFee = prepared.maxFeePerGas();
        BigInteger tip = prepared.priorityFeePerGas();
        for (int attempt = 1; ; attempt++) {
            long nonce = nonces.acquire();
            SignedTx signed = SignedTx.sign(wallet, RawTransaction.createTransaction(env.chain().id(), BigInteger.valueOf(nonce),
                    prepared.gasLimit(), request.to().orElse(""), request.value(), request.data(), tip, maxFee));
            try {
                checkpoint.accept(checkpointOf(signed, nonce));
            } catch (RuntimeException e) {
                release(nonce);
                throw e;
            }
            try {
                Optional<TransactionReceipt> mined = send(signed.raw(), nonce);
                nonces.sent(nonce);
                return new Sent(signed, nonce, mined);
            } catch (RpcException e) {
                if (e.says("already imported") || e.says("already known")) {
                    nonces.sent(nonce);
                    return new Sent(signed, nonce, Optional.empty());
                }
                boolean retry = attempt < MAX_ATTEMPTS;
                if (retry && (e.says("nonce too low") || e.says("replacement transaction underpriced") || e.says("nonce too high"))) {
                    // someone else used (or is using) this nonce: it is gone for us
                    nonces.sent(nonce);
                    nonces.resyncOrReset();
                    LOG.debug("nonce {} of {} taken ({}), retrying", nonce, wallet.address(), e.getMessage());
                    continue;
                }
                if (retry && e.says("max fee per gas less than block base fee") && request.maxFeePerGas().isEmpty()) {
                    release(nonce);
                    fees.invalidate();
                    Fees.Quote q = fees.quote();
                    maxFee = repriced(q, prepared.feeCeiling());
                    tip = q.priorityFee().min(maxFee);
                    continue;
                }
                failed(e, signed, nonce, prepared);
                return new Sent(signed, nonce, Optional.empty());
            }
        }
    }

    /** Handles a broadcast failure: returns only when the node has the transaction after all. */
    private void failed(RpcException e, SignedTx signed, long nonce, PreparedTx prepared) {
        if (e.isTransport()) {
            // ambiguous: the node may have taken it before the connection failed (even "refused" can be the HTTP client's
            // retry after the node died mid-request). Only a node that answers and does not know it proves it was not
            // sent; otherwise wait for it: the receipt watcher rides out an outage and re-broadcasts this same signed
            // transaction (same nonce) if the node comes back without it.
            if (env.known(signed.hash()).orElse(true)) {
                nonces.sent(nonce);
                return;
            }
            release(nonce);
            nonces.reset();
            throw new ToolException(e.getMessage() + "; the transaction was not sent", e);
        }
        release(nonce);
        nonces.resyncOrReset();
        if (e.says("insufficient funds")) {
            throw simulator.insufficientFunds(prepared.request().value(), prepared.worstFee());
        }
        throw new ToolException("the node rejected the transaction, nothing was sent: " + e.getMessage());
    }

    private static BigInteger repriced(Fees.Quote q, BigInteger ceiling) {
        if (q.baseFee().add(q.priorityFee()).compareTo(ceiling) > 0) {
            throw new ToolException("gas price rose: the network now needs " + Units.weiToGwei(q.baseFee().add(q.priorityFee()))
                    + " gwei per gas, above the " + Units.weiToGwei(ceiling) + " gwei this transaction was approved to pay; nothing was sent");
        }
        return q.maxFee().min(ceiling);
    }

    private Map<String, String> checkpointOf(SignedTx signed, long nonce) {
        Map<String, String> cp = new LinkedHashMap<>();
        cp.put(TxSender.TX_HASH, signed.hash());
        cp.put(TxSender.TX_NONCE, Long.toString(nonce));
        cp.put(TxSender.TX_FROM, wallet.address());
        cp.put(TxSender.TX_RAW, signed.raw());
        cp.put("chain.id", Long.toString(env.chain().id()));
        return cp;
    }

    /**
     * Sends a signed transaction; with {@code eth_sendRawTransactionSync} (when the node has it,
     * and the transaction is executable at once) the receipt comes back in the same round trip.
     */
    private Optional<TransactionReceipt> send(String raw, long nonce) {
        // not behind a released nonce: a synchronous send behind a real gap would hold a node
        // connection until the gap is filled
        if (syncSend && nonces.noGapBelow(nonce)) {
            try {
                return Optional.of(rpc.sendRawSync(raw));
            } catch (RpcException e) {
                if (e.code() == -32601 || e.says("method not found") || e.says("does not exist") || e.says("not supported")
                        || e.says("not available")) {
                    syncSend = false;
                    LOG.info("node at {} has no eth_sendRawTransactionSync; polling receipts instead", rpc.url());
                } else if (e.code() == 4 || e.says("wasn't processed within")) {
                    return Optional.empty();
                } else {
                    throw e;
                }
            }
        }
        rpc.sendRaw(raw);
        return Optional.empty();
    }

    private void release(long nonce) {
        if (nonces.release(nonce)) {
            Thread.ofVirtual().name("agentry-nonce-gap-" + nonce).start(() -> fillGap(nonce));
        }
    }

    /** Fills a released nonce nobody reused with a zero-value transfer to ourselves. */
    private void fillGap(long nonce) {
        LockSupport.parkNanos(gapFillDelay.toNanos());
        if (!nonces.claim(nonce)) {
            return;
        }
        try {
            Fees.Quote q = fees.quote();
            SignedTx filler = SignedTx.sign(wallet, RawTransaction.createTransaction(env.chain().id(), BigInteger.valueOf(nonce),
                    TRANSFER_GAS, wallet.address(), BigInteger.ZERO, "0x", q.priorityFee(), q.maxFee()));
            rpc.sendRaw(filler.raw());
            nonces.sent(nonce);
            LOG.info("filled nonce gap {} of {} with a zero-value self-transfer", nonce, wallet.address());
        } catch (RuntimeException e) {
            nonces.sent(nonce);
            nonces.resyncOrReset();
            LOG.warn("could not fill nonce gap {} of {}: {}", nonce, wallet.address(), e.getMessage());
        }
    }
}
