package dev.agentry.console.internal;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.Spend;
import dev.agentry.core.TurnResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The charts' data: per 10-second bucket, model tokens, turns and their latency (mean and worst),
 * and what journalled calls spent per asset (settled spends of DONE records). Keeps the last hour.
 * Fed from runtime events and, at start, from the journal's recent turns. Thread-safe.
 */
public final class Series {
    /** Seconds per bucket. */
    public static final int BUCKET_SECONDS = 10;
    private static final int KEEP = 360;

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();

    private static final class Bucket {
        long tokens;
        int turns;
        double latencySumMs;
        double latencyMaxMs;
        final Map<String, BigDecimal> spend = new TreeMap<>();
    }

    /** Adds what an event tells. */
    public void add(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.TurnFinished finished -> turn(finished.result(), event.at());
            case RuntimeEvent.ToolCallJournalled journalled when journalled.record().status() == EffectRecord.Status.DONE -> spend(journalled.record());
            default -> {
                // other events carry nothing the charts show
            }
        }
    }

    /** Adds a finished turn (its tokens and latency) at a time. */
    public synchronized void turn(TurnResult result, Instant at) {
        if (result.outcome() == TurnResult.Outcome.DUPLICATE) {
            return;
        }
        Bucket b = bucket(at);
        b.tokens += result.inputTokens() + result.outputTokens();
        b.turns++;
        double ms = Wire.millis(result.duration());
        b.latencySumMs += ms;
        b.latencyMaxMs = Math.max(b.latencyMaxMs, ms);
    }

    /** Adds what a finished call spent. */
    public synchronized void spend(EffectRecord record) {
        Bucket b = bucket(record.updatedAt());
        for (Spend s : record.spends()) {
            b.spend.merge(s.asset(), s.amount(), BigDecimal::add);
        }
    }

    /** The buckets, oldest first, as {@code {bucketSeconds, points: [{t, tokens, turns, latencyAvgMs, latencyMaxMs, spend}]}}. */
    public synchronized ObjectNode json() {
        ObjectNode o = Wire.object().put("bucketSeconds", BUCKET_SECONDS);
        ArrayNode points = o.putArray("points");
        buckets.forEach((start, b) -> {
            ObjectNode p = points.addObject().put("t", start).put("tokens", b.tokens).put("turns", b.turns)
                    .put("latencyAvgMs", b.turns == 0 ? 0 : b.latencySumMs / b.turns).put("latencyMaxMs", b.latencyMaxMs);
            ObjectNode spend = p.putObject("spend");
            b.spend.forEach((asset, amount) -> spend.put(asset, amount.toPlainString()));
        });
        return o;
    }

    private Bucket bucket(Instant at) {
        long start = at.getEpochSecond() / BUCKET_SECONDS * BUCKET_SECONDS;
        Bucket b = buckets.computeIfAbsent(start, s -> new Bucket());
        while (buckets.size() > KEEP) {
            buckets.pollFirstEntry();
        }
        return b;
    }
}
