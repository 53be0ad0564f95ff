package dev.agentry.core.internal.policy;

import dev.agentry.core.Spend;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One agent's spends within a rule's window, keyed by the idempotency key of the call that made
 * them: reserved when a call is admitted, replaced by what the call really counted when it ends.
 *
 * <p>Every operation costs O(log n) in the spends held, not O(n): spends are indexed by time, by
 * call and by asset (and asset and recipient), and each index keeps a running total, so a window
 * that starts at or before its oldest spend is summed without visiting any spend. A window that
 * starts later (a cap with a shorter window than another cap's) sums only the spends inside it.
 * Sums are exact, with the scale a plain sum from zero would have.
 *
 * <p>Not thread-safe: the policy guards it with the agent's lock.
 */
public final class SpendLedger {
    private static final Comparator<Entry> BY_TIME = Comparator.comparing(Entry::at).thenComparingLong(Entry::seq);

    private final TreeMap<Entry, Entry> byTime = new TreeMap<>(BY_TIME);
    private final Map<String, List<Entry>> byKey = new HashMap<>();
    private final Map<String, Index> byAsset = new HashMap<>();
    private long seq;

    private record Entry(String key, String asset, Optional<String> recipient, BigDecimal amount, Instant at, long seq) {}

    /** The spends of one asset (or one asset to one recipient), in time order, with their total. */
    private static final class Index {
        private final TreeMap<Entry, Entry> entries = new TreeMap<>(BY_TIME);
        /** How many spends have each scale: the sum's scale is the largest (at least zero). */
        private final TreeMap<Integer, Integer> scales = new TreeMap<>();
        private BigDecimal total = BigDecimal.ZERO;

        void add(Entry e) {
            entries.put(e, e);
            scales.merge(e.amount().scale(), 1, Integer::sum);
            total = total.add(e.amount());
        }

        void remove(Entry e) {
            entries.remove(e);
            scales.computeIfPresent(e.amount().scale(), (s, n) -> n == 1 ? null : n - 1);
            total = total.subtract(e.amount());
        }

        BigDecimal since(Instant since) {
            if (entries.isEmpty()) {
                return BigDecimal.ZERO;
            }
            if (!entries.firstKey().at().isBefore(since)) {
                return total.setScale(Math.max(0, scales.lastKey()), RoundingMode.UNNECESSARY);
            }
            BigDecimal sum = BigDecimal.ZERO;
            for (Entry e : entries.tailMap(new Entry("", "", Optional.empty(), BigDecimal.ZERO, since, Long.MIN_VALUE)).keySet()) {
                sum = sum.add(e.amount());
            }
            return sum;
        }
    }

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
        Index index = byAsset.get(indexKey(asset, recipient));
        return index == null ? BigDecimal.ZERO : index.since(since);
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
            Entry e = new Entry(key, PolicyFormats.asset(spend.asset()), spend.recipient().map(PolicyFormats::recipient), spend.amount(), at,
                    seq++);
            byTime.put(e, e);
            byKey.computeIfAbsent(key, k -> new ArrayList<>(2)).add(e);
            byAsset.computeIfAbsent(indexKey(e.asset(), Optional.empty()), k -> new Index()).add(e);
            if (e.recipient().isPresent()) {
                byAsset.computeIfAbsent(indexKey(e.asset(), e.recipient()), k -> new Index()).add(e);
            }
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
        List<Entry> reserved = byKey.remove(key);
        Instant when = at;
        if (reserved != null) {
            when = reserved.get(0).at();
            reserved.forEach(this::unindex);
        }
        reserve(key, counted, when);
    }

    /**
     * Forgets spends made before a time.
     *
     * @param before the oldest time still needed
     */
    public void forget(Instant before) {
        while (!byTime.isEmpty() && byTime.firstKey().at().isBefore(before)) {
            Entry e = byTime.firstKey();
            unindex(e);
            List<Entry> same = byKey.get(e.key());
            if (same != null && same.remove(e) && same.isEmpty()) {
                byKey.remove(e.key());
            }
        }
    }

    /** Removes a spend from the time and asset indexes (not from the per-call index). */
    private void unindex(Entry e) {
        byTime.remove(e);
        unindexFrom(indexKey(e.asset(), Optional.empty()), e);
        if (e.recipient().isPresent()) {
            unindexFrom(indexKey(e.asset(), e.recipient()), e);
        }
    }

    private void unindexFrom(String indexKey, Entry e) {
        Index index = byAsset.get(indexKey);
        if (index != null) {
            index.remove(e);
            if (index.entries.isEmpty()) {
                byAsset.remove(indexKey);
            }
        }
    }

    private static String indexKey(String asset, Optional<String> recipient) {
        return recipient.isEmpty() ? asset : asset + '\u0000' + recipient.get();
    }
}
