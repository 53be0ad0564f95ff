package dev.agentry.tools.chain.internal;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.Wallet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends transactions for one wallet: simulate ({@code eth_call}) and estimate in one batch,
 * price with {@link Fees}, take a nonce from the {@link NonceManager}, sign, checkpoint the
 * signed transaction into the journal, broadcast, and poll the receipt. Recovers from nonce
 * races and dropped transactions, and reconciles an interrupted attempt with the chain instead
 * of sending again. Thread-safe; many callers may send at once.
 */
public final class TxSender {
    private static final Logger LOG = LoggerFactory.getLogger(TxSender.class);
    private static final int MAX_ATTEMPTS = 6;

    /** Checkpoint key: transaction hash. */
    public static final String TX_HASH = "tx.hash";
    /** Checkpoint key: nonce. */
    public static final String TX_NONCE = "tx.nonce";
    /** Checkpoint key: sender address. */
    public static final String TX_FROM = "tx.from";
    /** Checkpoint key: hashes of earlier versions replaced at a higher fee, comma-separated. */
    public static final String TX_PREVIOUS = "tx.previous";
    /** Checkpoint key: signed raw transaction (public data, no key). */
    public static final String TX_RAW = "tx.raw";

    private final Rpc rpc;
    private final Chain chain;
    private final Wallet wallet;
    private final Fees fees;
    private final NonceManager nonces;
    private final Duration pollInterval;
    private final Duration receiptTimeout;
    private final Duration gapFillDelay;
    private final Duration stuckAfter;
    private final BigDecimal gasMargin;
    private volatile boolean syncSend;

    /**
     * An unsigned request.
     *
     * @param to recipient or contract; empty to deploy a contract
     * @param value wei sent along
     * @param data calldata or creation code, 0x hex
     * @param gasLimit explicit gas limit, else estimated with the margin
     * @param maxFeePerGas explicit max fee (wei), else from {@link Fees}
     * @param priorityFeePerGas explicit tip (wei), else from {@link Fees}
     */
    public record Request(Optional<String> to, BigInteger value, String data, Optional<BigInteger> gasLimit,
            Optional<BigInteger> maxFeePerGas, Optional<BigInteger> priorityFeePerGas) {
        /** Checks arguments. */
        public Request {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(gasLimit, "gasLimit");
            Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
            Objects.requireNonNull(priorityFeePerGas, "priorityFeePerGas");
        }

        /**
         * @param to recipient
         * @param value wei
         * @param data calldata
         * @return a request with estimated gas and node fees
         */
        public static Request call(String to, BigInteger value, String data) {
            return new Request(Optional.of(to), value, data, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /**
         * @param creationCode bytecode + encoded constructor arguments
         * @return a deployment request
         */
        public static Request deploy(String creationCode) {
            return new Request(Optional.empty(), BigInteger.ZERO, creationCode, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /**
         * @param limit explicit gas limit
         * @return a copy
         */
        public Request withGasLimit(BigInteger limit) {
            return new Request(to, value, data, Optional.of(limit), maxFeePerGas, priorityFeePerGas);
        }

        /**
         * @param maxFee explicit max fee per gas
         * @param tip explicit tip
         * @return a copy
         */
        public Request withFees(BigInteger maxFee, BigInteger tip) {
            return new Request(to, value, data, gasLimit, Optional.of(maxFee), Optional.of(tip));
        }
    }

    /**
     * What became of a transaction.
     *
     * @param hash transaction hash
     * @param nonce its nonce
     * @param status {@code success}, {@code reverted} or {@code pending} (not mined within the timeout)
     * @param blockNumber block it was mined in
     * @param gasUsed gas used
     * @param effectiveGasPrice wei paid per gas
     * @param contractAddress created contract, for deployments
     * @param reconciled whether this outcome was found for an interrupted earlier attempt
     */
    public record Outcome(String hash, long nonce, String status, Optional<BigInteger> blockNumber,
            Optional<BigInteger> gasUsed, Optional<BigInteger> effectiveGasPrice, Optional<String> contractAddress,
            boolean reconciled) {
        /** @return whether mined with status 1 */
        public boolean succeeded() {
            return status.equals("success");
        }
    }

    /**
     * @param rpc the node
     * @param chain the chain (its id is signed into every transaction)
     * @param wallet the signer
     * @param fees fee source
     * @param nonces the wallet's nonce manager
     * @param pollInterval receipt poll interval
     * @param receiptTimeout how long to wait for a receipt
     * @param gasMargin fraction added to estimates, for example 0.2
     * @param syncSend whether to try {@code eth_sendRawTransactionSync} first (falls back to
     *     polling when the node lacks it)
     */
    public TxSender(Rpc rpc, Chain chain, Wallet wallet, Fees fees, NonceManager nonces, Duration pollInterval,
            Duration receiptTimeout, BigDecimal gasMargin, boolean syncSend) {
        this.syncSend = syncSend;
        // a local dev node mines at once; elsewhere give the network minutes before paying more
        this.stuckAfter = chain.id() == Chain.ANVIL.id() ? Duration.ofMillis(300) : Duration.ofMinutes(3);
        this.rpc = rpc;
        this.chain = chain;
        this.wallet = wallet;
        this.fees = fees;
        this.nonces = nonces;
        this.pollInterval = pollInterval;
        this.receiptTimeout = receiptTimeout;
        this.gapFillDelay = Duration.ofMillis(Math.max(200, pollInterval.toMillis() * 2));
        this.gasMargin = gasMargin;
    }

    /** @return the nonce manager */
    public NonceManager nonces() {
        return nonces;
    }

    /** @return the fee source */
    public Fees fees() {
        return fees;
    }

    /**
     * Sends a transaction and waits for its receipt, or reconciles the interrupted earlier
     * attempt recorded in the context.
     *
     * @param request the request
     * @param context the tool call's context (checkpoints, interrupted attempt)
     * @return the outcome; {@code pending} if not mined within the timeout
     * @throws ToolException on simulation revert, fee cap, insufficient funds, node rejection or
     *     an unreachable node, with nothing sent (or with the hash, when it was sent)
     */
    public Outcome send(Request request, ToolContext context) {
        Optional<Map<String, String>> interrupted = context.interruptedAttempt().map(EffectRecord::details)
                .filter(d -> d.containsKey(TX_HASH));
        if (interrupted.isPresent()) {
            return reconcile(interrupted.get(), context::checkpoint);
        }
        return sendFresh(request, context::checkpoint);
    }

    /**
     * Sends a transaction without a journal (programmatic use, benchmarks).
     *
     * @param request the request
     * @return the outcome
     */
    public Outcome send(Request request) {
        return sendFresh(request, d -> {
        });
    }

    private Outcome sendFresh(Request request, Consumer<Map<String, String>> checkpoint) {
        String from = wallet.address();
        Transaction call = new Transaction(from, null, null, null, request.to().orElse(null), request.value(), request.data());
        long epoch = nonces.epoch();
        boolean plainTransfer = request.to().isPresent() && isEmpty(request.data()) && request.gasLimit().isEmpty();
        boolean readNonce = nonces.idle();
        List<org.web3j.protocol.core.Request<?, ? extends Response<?>>> calls = new java.util.ArrayList<>();
        if (plainTransfer) {
            // a value transfer that succeeds with exactly 21000 gas needs no estimate: one call simulates and sizes it
            calls.add(rpc.web3j().ethCall(new Transaction(from, null, null, BigInteger.valueOf(21_000), request.to().get(),
                    request.value(), request.data()), DefaultBlockParameterName.LATEST));
        } else {
            calls.add(rpc.web3j().ethCall(call, DefaultBlockParameterName.LATEST));
            calls.add(rpc.web3j().ethEstimateGas(call));
        }
        if (readNonce) {
            calls.add(rpc.web3j().ethGetTransactionCount(from, DefaultBlockParameterName.PENDING));
        }
        List<Response<?>> r = rpc.batch(calls);
        if (readNonce) {
            Rpc.error(r.get(r.size() - 1)).ifPresentOrElse(e -> {
            }, () -> nonces.observe(((EthGetTransactionCount) r.get(r.size() - 1)).getTransactionCount().longValueExact(), epoch));
        }
        BigInteger gasLimit;
        if (plainTransfer && Rpc.error(r.get(0)).isEmpty()) {
            gasLimit = BigInteger.valueOf(21_000);
        } else {
            List<Response<?>> full = plainTransfer
                    ? rpc.batch(List.of(rpc.web3j().ethCall(call, DefaultBlockParameterName.LATEST), rpc.web3j().ethEstimateGas(call)))
                    : r;
            Optional<RpcException> callError = Rpc.error(full.get(0)).or(() -> Rpc.error(full.get(1)));
            if (callError.isPresent()) {
                RpcException e = callError.get();
                if (e.says("insufficient funds")) {
                    throw insufficient(balanceOrNull(from), request.value(), BigInteger.ZERO);
                }
                throw new ToolException("simulation failed, nothing was sent: " + describe(e));
            }
            BigInteger estimate = ((EthEstimateGas) full.get(1)).getAmountUsed();
            gasLimit = request.gasLimit().orElseGet(() -> new BigDecimal(estimate).multiply(BigDecimal.ONE.add(gasMargin))
                    .setScale(0, RoundingMode.CEILING).toBigIntegerExact());
        }

        boolean explicitFees = request.maxFeePerGas().isPresent();
        for (int attempt = 1; ; attempt++) {
            BigInteger maxFee;
            BigInteger tip;
            if (explicitFees) {
                maxFee = request.maxFeePerGas().get();
                tip = request.priorityFeePerGas().orElse(BigInteger.ZERO).min(maxFee);
                if (maxFee.compareTo(fees.cap()) > 0) {
                    throw new ToolException("max fee " + Units.weiToGwei(maxFee) + " gwei is above the cap of "
                            + Units.weiToGwei(fees.cap()) + " gwei; nothing was sent");
                }
            } else {
                Fees.Quote q = fees.quote();
                maxFee = q.maxFee();
                tip = q.priorityFee();
            }
            long nonce = nonces.acquire();
            String raw = sign(nonce, gasLimit, request, tip, maxFee);
            String hash = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(raw)));
            Map<String, String> cp = new LinkedHashMap<>();
            cp.put(TX_HASH, hash);
            cp.put(TX_NONCE, Long.toString(nonce));
            cp.put(TX_FROM, from);
            cp.put(TX_RAW, raw);
            cp.put("chain.id", Long.toString(chain.id()));
            try {
                checkpoint.accept(cp);
            } catch (RuntimeException e) {
                release(nonce);
                throw e;
            }
            Optional<TransactionReceipt> mined;
            try {
                mined = broadcast(raw, nonce);
                nonces.sent(nonce);
            } catch (RpcException e) {
                mined = Optional.empty();
                if (e.says("already imported") || e.says("already known")) {
                    nonces.sent(nonce);
                } else if ((e.says("nonce too low") || e.says("replacement transaction underpriced")
                        || e.says("nonce too high")) && attempt < MAX_ATTEMPTS) {
                    // someone else used (or is using) this nonce: it is gone for us
                    nonces.sent(nonce);
                    safeResync();
                    LOG.debug("nonce {} of {} taken ({}), retrying", nonce, from, e.getMessage());
                    continue;
                } else if (e.says("max fee per gas less than block base fee") && !explicitFees && attempt < MAX_ATTEMPTS) {
                    release(nonce);
                    fees.invalidate();
                    continue;
                } else if (e.isTransport()) {
                    // ambiguous: the node may have taken it before the connection failed (even "refused" can be the HTTP
                    // client's retry after the node died mid-request). Only a node that answers and does not know it proves
                    // it was not sent; otherwise wait for it: awaitReceipt rides out an outage and re-broadcasts this same
                    // signed transaction (same nonce) if the node comes back without it.
                    if (known(hash).orElse(true)) {
                        nonces.sent(nonce);
                    } else {
                        release(nonce);
                        nonces.reset();
                        throw new ToolException(e.getMessage() + "; the transaction was not sent", e);
                    }
                } else {
                    release(nonce);
                    safeResync();
                    if (e.says("insufficient funds")) {
                        throw insufficient(balanceOrNull(from), request.value(), gasLimit.multiply(maxFee));
                    }
                    throw new ToolException("the node rejected the transaction, nothing was sent: " + e.getMessage());
                }
            }
            if (mined.isPresent()) {
                return outcome(mined.get(), nonce, false);
            }
            return awaitReceipt(hash, nonce, raw, false, checkpoint);
        }
    }

    /**
     * Broadcasts a signed transaction; with {@code eth_sendRawTransactionSync} (when the node has
     * it, and the transaction is executable at once) the receipt comes back in the same round trip.
     */
    private Optional<TransactionReceipt> broadcast(String raw, long nonce) {
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

    private static boolean isEmpty(String hex) {
        return hex == null || hex.isEmpty() || hex.equals("0x");
    }

    private BigInteger balanceOrNull(String address) {
        try {
            return rpc.balance(address);
        } catch (RpcException e) {
            return null;
        }
    }

    private String sign(long nonce, BigInteger gasLimit, Request request, BigInteger tip, BigInteger maxFee) {
        RawTransaction tx = RawTransaction.createTransaction(chain.id(), BigInteger.valueOf(nonce), gasLimit,
                request.to().orElse(""), request.value(), request.data(), tip, maxFee);
        return Numeric.toHexString(wallet.signTransaction(tx));
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
            Request filler = Request.call(wallet.address(), BigInteger.ZERO, "0x").withGasLimit(BigInteger.valueOf(21_000));
            String raw = sign(nonce, BigInteger.valueOf(21_000), filler, q.priorityFee(), q.maxFee());
            rpc.sendRaw(raw);
            nonces.sent(nonce);
            LOG.info("filled nonce gap {} of {} with a zero-value self-transfer", nonce, wallet.address());
        } catch (RuntimeException e) {
            nonces.sent(nonce);
            safeResync();
            LOG.warn("could not fill nonce gap {} of {}: {}", nonce, wallet.address(), e.getMessage());
        }
    }

    private boolean knows(String hash) {
        try {
            return rpc.transaction(hash).isPresent();
        } catch (RpcException e) {
            return false;
        }
    }

    /** Whether the node knows the transaction; empty when the node cannot be asked. */
    private Optional<Boolean> known(String hash) {
        try {
            return Optional.of(rpc.transaction(hash).isPresent());
        } catch (RpcException e) {
            return e.isTransport() ? Optional.empty() : Optional.of(false);
        }
    }

    private void safeResync() {
        try {
            nonces.resync();
        } catch (RuntimeException e) {
            nonces.reset();
        }
    }

    private ToolException insufficient(BigInteger balance, BigInteger value, BigInteger maxGasCost) {
        String sym = chain.nativeSymbol();
        return new ToolException("insufficient funds: balance " + (balance == null ? "unknown" : Units.fromBase(balance, 18) + " " + sym)
                + ", this transaction needs up to " + Units.fromBase(value.add(maxGasCost), 18) + " " + sym
                + " (value " + Units.fromBase(value, 18) + " + max gas fee " + Units.fromBase(maxGasCost, 18) + "); nothing was sent");
    }

    /**
     * Describes a node error, decoding revert data.
     *
     * @param e the error
     * @return a readable description
     */
    public static String describe(RpcException e) {
        if (e.isTransport()) {
            return e.getMessage();
        }
        Optional<String> data = e.data().filter(d -> d.length() >= 10);
        if (data.isPresent()) {
            return "reverted: " + Reverts.decode(data.get());
        }
        String m = e.getMessage() == null ? "unknown error" : e.getMessage();
        return m.toLowerCase(java.util.Locale.ROOT).contains("revert") ? m : "error: " + m;
    }

    /**
     * Polls the receipt until mined or the timeout. Re-broadcasts the same signed transaction if
     * the node forgot it (dropped), and replaces it with the same transaction at a 10% (+1 wei)
     * higher fee if it is next in line for the account but stays unmined past the stuck timeout
     * (Anvil can leave an out-of-order arrival queued; real chains underpriced ones). Every
     * version is checkpointed before it is broadcast, and at most one can be mined.
     */
    private Outcome awaitReceipt(String firstHash, long nonce, String firstRaw, boolean reconciled,
            Consumer<Map<String, String>> checkpoint) {
        long start = System.nanoTime();
        long deadline = start + receiptTimeout.toNanos();
        long nextDropCheck = start + Math.max(pollInterval.toNanos() * 20, Duration.ofSeconds(2).toNanos());
        long nextStuckCheck = start + stuckAfter.toNanos();
        long backoff = Duration.ofMillis(1).toNanos();
        List<String> hashes = new java.util.ArrayList<>(List.of(firstHash));
        String raw = firstRaw;
        int bumps = 0;
        while (true) {
            try {
                for (String h : hashes) {
                    Optional<TransactionReceipt> receipt = rpc.receipt(h);
                    if (receipt.isPresent()) {
                        return outcome(receipt.get(), nonce, reconciled);
                    }
                }
                String hash = hashes.get(hashes.size() - 1);
                if (System.nanoTime() > nextDropCheck) {
                    nextDropCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    if (!knows(hash) && raw != null) {
                        rebroadcast(hash, nonce, raw);
                    }
                }
                if (raw != null && bumps < 3 && System.nanoTime() > nextStuckCheck) {
                    nextStuckCheck = System.nanoTime() + stuckAfter.toNanos();
                    long mined = rpc.nonce(wallet.address(), DefaultBlockParameterName.LATEST).longValueExact();
                    if (mined == nonce) {
                        Optional<String> replacement = bump(raw, hashes, checkpoint);
                        if (replacement.isPresent()) {
                            raw = replacement.get();
                            hashes.add(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(raw))));
                            bumps++;
                        }
                    }
                }
            } catch (RpcException e) {
                if (!e.isTransport()) {
                    throw new ToolException("transaction " + hashes.get(hashes.size() - 1) + " sent, but the node failed while waiting for its receipt: " + e.getMessage(), e);
                }
                LOG.debug("receipt poll for {} failed: {}", hashes, e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                return new Outcome(hashes.get(hashes.size() - 1), nonce, "pending", Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), reconciled);
            }
            // quick first polls (a local node mines within milliseconds), then the configured interval
            LockSupport.parkNanos(Math.min(pollInterval.toNanos(), backoff));
            backoff = Math.min(backoff * 2, pollInterval.toNanos());
        }
    }

    /** Re-signs the transaction with fees 10% + 1 wei higher; empty if that would pass the cap or the node refuses. */
    private Optional<String> bump(String raw, List<String> hashes, Consumer<Map<String, String>> checkpoint) {
        RawTransaction old = TransactionDecoder.decode(raw);
        if (!(old.getTransaction() instanceof Transaction1559 t)) {
            return Optional.empty();
        }
        BigInteger maxFee = t.getMaxFeePerGas().multiply(BigInteger.valueOf(11)).divide(BigInteger.TEN).add(BigInteger.ONE);
        BigInteger tip = t.getMaxPriorityFeePerGas().multiply(BigInteger.valueOf(11)).divide(BigInteger.TEN).add(BigInteger.ONE);
        if (maxFee.compareTo(fees.cap()) > 0) {
            LOG.info("transaction {} is stuck, but a higher fee would pass the cap", hashes.get(hashes.size() - 1));
            return Optional.empty();
        }
        RawTransaction next = RawTransaction.createTransaction(chain.id(), old.getNonce(), old.getGasLimit(),
                old.getTo() == null ? "" : old.getTo(), old.getValue(), old.getData(), tip.min(maxFee), maxFee);
        String signed = Numeric.toHexString(wallet.signTransaction(next));
        String hash = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(signed)));
        Map<String, String> cp = new LinkedHashMap<>();
        cp.put(TX_HASH, hash);
        cp.put(TX_RAW, signed);
        cp.put(TX_PREVIOUS, String.join(",", hashes));
        checkpoint.accept(cp);
        try {
            rpc.sendRaw(signed);
            LOG.info("transaction {} (nonce {}) was stuck; replaced it with {} at {} gwei", hashes.get(hashes.size() - 1),
                    old.getNonce(), hash, Units.weiToGwei(maxFee));
            return Optional.of(signed);
        } catch (RpcException e) {
            LOG.info("replacing stuck transaction {} failed: {}", hashes.get(hashes.size() - 1), e.getMessage());
            return Optional.empty();
        }
    }

    private void rebroadcast(String hash, long nonce, String raw) {
        try {
            rpc.sendRaw(raw);
            LOG.info("re-broadcast transaction {} (nonce {}) that the node did not know", hash, nonce);
        } catch (RpcException e) {
            if (e.says("already imported") || e.says("already known")) {
                return;
            }
            if (e.says("nonce too low")) {
                Optional<TransactionReceipt> again = rpc.receipt(hash);
                if (again.isEmpty()) {
                    safeResync();
                    throw new ToolException("transaction " + hash + " was dropped and its nonce " + nonce
                            + " is now used by another transaction; it will not be mined and was not sent again");
                }
                return;
            }
            throw e;
        }
    }

    private Outcome reconcile(Map<String, String> d, Consumer<Map<String, String>> checkpoint) {
        String hash = d.get(TX_HASH);
        for (String earlier : d.getOrDefault(TX_PREVIOUS, "").split(",")) {
            if (!earlier.isBlank()) {
                Optional<TransactionReceipt> r = rpc.receipt(earlier.strip());
                if (r.isPresent()) {
                    return outcome(r.get(), Long.parseLong(d.getOrDefault(TX_NONCE, "-1")), true);
                }
            }
        }
        long nonce = Long.parseLong(d.getOrDefault(TX_NONCE, "-1"));
        String from = d.getOrDefault(TX_FROM, "");
        if (!from.equalsIgnoreCase(wallet.address())) {
            throw new ToolException("an interrupted earlier attempt sent transaction " + hash + " from " + from
                    + ", not from this wallet; refusing to act again");
        }
        Optional<TransactionReceipt> receipt = rpc.receipt(hash);
        if (receipt.isPresent()) {
            return outcome(receipt.get(), nonce, true);
        }
        if (knows(hash)) {
            nonces.markUsed(nonce);
            return awaitReceipt(hash, nonce, d.get(TX_RAW), true, checkpoint);
        }
        long mined = rpc.nonce(wallet.address(), DefaultBlockParameterName.LATEST).longValueExact();
        String raw = d.get(TX_RAW);
        if (mined > nonce || raw == null) {
            throw new ToolException("an interrupted earlier attempt signed transaction " + hash + " (nonce " + nonce
                    + ") but it was never mined and its nonce has been used since; nothing was sent again");
        }
        nonces.markUsed(nonce);
        rebroadcast(hash, nonce, raw);
        return awaitReceipt(hash, nonce, raw, true, checkpoint);
    }

    private Outcome outcome(TransactionReceipt r, long nonce, boolean reconciled) {
        String status = r.isStatusOK() ? "success" : "reverted";
        Optional<BigInteger> price = Optional.ofNullable(r.getEffectiveGasPrice()).map(Numeric::decodeQuantity);
        return new Outcome(r.getTransactionHash(), nonce, status, Optional.ofNullable(r.getBlockNumber()),
                Optional.ofNullable(r.getGasUsed()), price, Optional.ofNullable(r.getContractAddress()), reconciled);
    }
}
