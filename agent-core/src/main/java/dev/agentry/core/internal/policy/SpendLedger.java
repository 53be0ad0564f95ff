package dev.agentry.core.internal.policy;

import dev.agentry.core.Spend;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One agent's spends within a rule's window, keyed by the idempotency key of the call that made
 * them: reserved when a call is admitted, replaced by what the call really counted when it ends.
 *
 * <p>Not thread-safe: the policy guards it with the agent's lock.
 */
public final class SpendLedger {
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(String key, String asset, Optional<String> recipient, BigDecimal amount, Instant at) {}

    /** Starts an empty ledger. */
    public SpendLedger() {}

    /**
     * Sums the spends of an asset made at or after a time.
     *
     * @param asset the normalised asset key
     * @param recipient only spends to this normalised recipient; empty for every spend of the asset
     * @param since the start of the window
     * @return the sum, zero if none
     */
    public BigDecimal spent(String asset, Optional<String> recipient, Instant since) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Entry entry : entries) {
            if (!entry.at().isBefore(since) && entry.asset().equals(asset) && (recipient.isEmpty() || recipient.equals(entry.recipient()))) {
                sum = sum.add(entry.amount());
            }
        }
        return sum;
    }

    /**
     * Counts a call's spends.
     *
     * @param key the call's idempotency key
     * @param spends its spends
     * @param at when they count from
     */
    public void reserve(String key, List<Spend> spends, Instant at) {
        for (Spend spend : spends) {
            entries.add(new Entry(key, PolicyFormats.asset(spend.asset()), spend.recipient().map(PolicyFormats::recipient), spend.amount(), at));
        }
    }

    /**
     * Replaces a call's spends by what it really counted, keeping the time of its reservation.
     *
     * @param key the call's idempotency key
     * @param counted what counts now; empty to release the reservation
     * @param at when they count from if the call had no reservation
     */
    public void replace(String key, List<Spend> counted, Instant at) {
        Instant reserved = entries.stream().filter(e -> e.key().equals(key)).map(Entry::at).findFirst().orElse(at);
        entries.removeIf(e -> e.key().equals(key));
        reserve(key, counted, reserved);
    }

    /**
     * Forgets spends made before a time.
     *
     * @param before the oldest time still needed
     */
    public void forget(Instant before) {
        entries.removeIf(e -> e.at().isBefore(before));
    }
}
