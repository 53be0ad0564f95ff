package dev.agentry.tools.chain.internal;

import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Hands out nonces for one account to many concurrent senders without collisions or gaps.
 *
 * <p>Starts from the node's pending count. A nonce whose transaction the node rejected is
 * {@link #release released}: the next caller reuses the lowest released nonce, and if nobody
 * does, the sender fills the gap (see {@link TxSender}). {@link #resync()} catches up with the
 * node after "nonce too low" and similar errors; {@link #observe} rewinds to the node's count
 * when nothing of ours is in flight (for example after the node was restarted with an empty
 * chain). Thread-safe.
 */
public final class NonceManager {
    private final LongSupplier pendingCount;
    private long next = -1;
    private final TreeSet<Long> released = new TreeSet<>();
    private final TreeSet<Long> outstanding = new TreeSet<>();
    private int inFlight;
    private long epoch;

    /**
     * @param pendingCount reads {@code eth_getTransactionCount(address, "pending")}
     */
    public NonceManager(LongSupplier pendingCount) {
        this.pendingCount = pendingCount;
    }

    /** @return whether no nonce of ours is in flight or released (then the node's count is worth reading) */
    public synchronized boolean idle() {
        return inFlight == 0 && released.isEmpty();
    }

    /** @return a counter that changes on every acquire; pass it back to {@link #observe} */
    public synchronized long epoch() {
        return epoch;
    }

    /**
     * Takes a nonce: the lowest released one, else the next new one.
     *
     * @return the nonce; the caller must later call {@link #sent} or {@link #release}
     */
    public long acquire() {
        synchronized (this) {
            if (next >= 0) {
                return take();
            }
        }
        long fromNode = pendingCount.getAsLong();
        synchronized (this) {
            if (next < 0) {
                next = fromNode;
            }
            return take();
        }
    }

    private long take() {
        inFlight++;
        epoch++;
        Long r = released.pollFirst();
        long n = r != null ? r : next++;
        outstanding.add(n);
        return n;
    }

    /**
     * Returns whether no lower nonce of ours is released (a real gap that only a later send or the
     * gap filler will close): then a transaction with this nonce becomes executable as soon as
     * our in-flight transactions arrive, and waiting for its receipt in one call is reasonable.
     *
     * @param nonce an acquired nonce
     * @return {@code true} if no lower nonce is released
     */
    public synchronized boolean noGapBelow(long nonce) {
        return released.isEmpty() || released.first() > nonce;
    }

    /**
     * Records that the node accepted the transaction with this nonce.
     *
     * @param nonce the nonce
     */
    public synchronized void sent(long nonce) {
        outstanding.remove(nonce);
        inFlight--;
        epoch++;
    }

    /**
     * Gives back a nonce whose transaction the node did not accept.
     *
     * @param nonce the nonce
     * @return {@code true} if later nonces are already out, so the gap must be filled
     */
    public synchronized boolean release(long nonce) {
        outstanding.remove(nonce);
        inFlight--;
        epoch++;
        if (nonce == next - 1) {
            next--;
            while (!released.isEmpty() && released.last() == next - 1) {
                released.pollLast();
                next--;
            }
            return false;
        }
        if (nonce < next) {
            released.add(nonce);
            return true;
        }
        return false;
    }

    /**
     * Takes back a released nonce to fill its gap, if no one has reused it meanwhile.
     *
     * @param nonce the released nonce
     * @return {@code true} if the caller now owns it and must send something with it
     */
    public synchronized boolean claim(long nonce) {
        if (released.remove(nonce)) {
            outstanding.add(nonce);
            inFlight++;
            epoch++;
            return true;
        }
        return false;
    }

    /**
     * Makes sure a nonce used by a re-broadcast transaction is not handed out again.
     *
     * @param nonce the nonce in use
     */
    public synchronized void markUsed(long nonce) {
        released.remove(nonce);
        if (next >= 0 && nonce >= next) {
            for (long n = next; n < nonce; n++) {
                released.add(n);
            }
            next = nonce + 1;
        }
    }

    /** Catches up with the node's pending count (never goes back while we have nonces out). */
    public void resync() {
        long fromNode = pendingCount.getAsLong();
        synchronized (this) {
            epoch++;
            if (next < fromNode) {
                next = fromNode;
            }
            released.removeIf(n -> n < fromNode);
        }
    }

    /** Like {@link #resync()}, but never fails: when the node cannot be read it {@link #reset resets} instead. */
    public void resyncOrReset() {
        try {
            resync();
        } catch (RuntimeException e) {
            reset();
        }
    }

    /**
     * Applies a pending count read by the caller: if nothing of ours is in flight or released
     * and no nonce was taken since {@code epochSeen}, the node's count is the truth (this
     * rewinds after a node restart).
     *
     * @param fromNode the pending count read
     * @param epochSeen {@link #epoch()} read before the count
     */
    public synchronized void observe(long fromNode, long epochSeen) {
        if (epoch == epochSeen && inFlight == 0 && released.isEmpty()) {
            next = fromNode;
        } else if (next >= 0 && next < fromNode) {
            next = fromNode;
            released.removeIf(n -> n < fromNode);
        }
    }

    /** Forgets everything; the next acquire reads the node again. */
    public synchronized void reset() {
        if (inFlight == 0) {
            next = -1;
            released.clear();
        }
    }

    @Override
    public synchronized String toString() {
        return "NonceManager[next=" + next + ", released=" + released + ", inFlight=" + inFlight + "]";
    }
}
