package dev.agentry.x402.internal;

import dev.agentry.core.Spend;
import dev.agentry.x402.X402Asset;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What a resource asked for when the buyer probed it: nothing (it answered without payment), or
 * requirements the buyer can pay.
 *
 * @param requirements the chosen requirements, empty when the resource is free
 * @param asset the asset they are paid in
 * @param at when it was probed, {@link System#nanoTime()}
 */
record Offer(Optional<Wire.Requirements> requirements, Optional<X402Asset> asset, long at) {

    /** @return the amount in token units, zero when free */
    BigDecimal amount() {
        return requirements.map(r -> new BigDecimal(r.maxAmountRequired(), asset.orElseThrow().decimals()).stripTrailingZeros())
                .orElse(BigDecimal.ZERO);
    }

    /** @return the spends a payment moves: the amount to the payee, none when free */
    List<Spend> spends() {
        return requirements.map(r -> List.of(Spend.of(asset.orElseThrow().capKey(), amount(), r.payTo()))).orElse(List.of());
    }
}
