package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthFeeHistory;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;

/**
 * EIP-1559 fees from the node ({@code eth_feeHistory} for the next block's base fee,
 * {@code eth_maxPriorityFeePerGas} for the tip), cached briefly, with a hard cap on the fee per
 * gas. Thread-safe.
 */
public final class Fees {
    /** How many times a stuck transaction may be replaced at a higher fee. */
    static final int MAX_BUMPS = 3;

    private final Rpc rpc;
    private final BigInteger cap;
    private final long ttlNanos;
    private volatile Quote cached;
    private volatile long cachedAt;

    /**
     * A fee quote in wei per gas.
     *
     * @param baseFee the next block's base fee
     * @param priorityFee the tip
     * @param maxFee the most we agree to pay per gas (at most the cap)
     */
    public record Quote(BigInteger baseFee, BigInteger priorityFee, BigInteger maxFee) {
    }

    /**
     * @param rpc the node
     * @param cap most wei per gas ever paid
     * @param ttl how long a quote is reused
     */
    public Fees(Rpc rpc, BigInteger cap, Duration ttl) {
        this.rpc = rpc;
        this.cap = cap;
        this.ttlNanos = ttl.toNanos();
    }

    /** @return the cap in wei per gas */
    public BigInteger cap() {
        return cap;
    }

    /** Forgets the cached quote. */
    public void invalidate() {
        cached = null;
    }

    /**
     * Returns the current quote, checked against the cap.
     *
     * @return the quote
     * @throws ToolException if the network's price (base fee + tip) is above the cap
     */
    public Quote quote() {
        Quote q = cached;
        if (q == null || System.nanoTime() - cachedAt > ttlNanos) {
            q = fetch();
            cached = q;
            cachedAt = System.nanoTime();
        }
        return q;
    }

    private Quote fetch() {
        List<Response<?>> r = rpc.batch(List.of(
                rpc.web3j().ethFeeHistory(1, DefaultBlockParameterName.LATEST, List.of()),
                rpc.web3j().ethMaxPriorityFeePerGas()));
        Rpc.error(r.get(0)).ifPresent(e -> {
            throw e;
        });
        EthFeeHistory.FeeHistory history = ((EthFeeHistory) r.get(0)).getFeeHistory();
        List<BigInteger> baseFees = history.getBaseFeePerGas();
        BigInteger base = baseFees.get(baseFees.size() - 1);
        BigInteger tip = Rpc.error(r.get(1)).isPresent()
                ? BigInteger.valueOf(1_000_000_000L).min(base.max(BigInteger.ONE))
                : ((EthMaxPriorityFeePerGas) r.get(1)).getMaxPriorityFeePerGas();
        return capped(base, tip);
    }

    /**
     * Applies the cap to a base fee and tip.
     *
     * @param base next base fee
     * @param tip priority fee
     * @return the quote
     * @throws ToolException if base + tip exceeds the cap
     */
    public Quote capped(BigInteger base, BigInteger tip) {
        BigInteger needed = base.add(tip);
        if (needed.compareTo(cap) > 0) {
            throw new ToolException("gas price too high: the network currently needs " + Units.weiToGwei(needed)
                    + " gwei per gas (base fee " + Units.weiToGwei(base) + " + tip " + Units.weiToGwei(tip)
                    + "), above the configured cap of " + Units.weiToGwei(cap) + " gwei; nothing was sent");
        }
        BigInteger max = base.multiply(BigInteger.TWO).add(tip).min(cap);
        return new Quote(base, tip, max);
    }

    /**
     * Returns a replacement's fee: 10% + 1 wei more, which both Anvil and geth accept.
     *
     * @param fee a fee per gas
     * @return the bumped fee
     */
    static BigInteger bumped(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(11)).divide(BigInteger.TEN).add(BigInteger.ONE);
    }

    /**
     * Returns the highest max fee per gas any version of a transaction first priced at
     * {@code maxFee} may carry: the fee after up to {@link #MAX_BUMPS} replacements, never above
     * the cap (a replacement that would pass it is not made).
     *
     * @param maxFee the first version's max fee per gas
     * @return the ceiling, at least {@code maxFee}
     */
    public BigInteger ceilingFor(BigInteger maxFee) {
        BigInteger ceiling = maxFee;
        for (int i = 0; i < MAX_BUMPS && bumped(ceiling).compareTo(cap) <= 0; i++) {
            ceiling = bumped(ceiling);
        }
        return ceiling;
    }
}
