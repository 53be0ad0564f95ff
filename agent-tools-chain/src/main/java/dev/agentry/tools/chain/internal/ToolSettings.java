package dev.agentry.tools.chain.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.agentry.tools.chain.UniswapV2Addresses;

/**
 * Settings of the chain tools.
 *
 * @param sendTimeout how long a tool that sends a transaction may run
 * @param slippagePercent how far below a fresh quote a curve trade may fill when the model gives
 *     no minimum, in percent (1 = 1%)
 * @param tradeDeadline how long a curve trade stays valid on chain after it is signed
 * @param tokensBySymbol configured tokens, symbol (upper case) to address
 * @param uniswap the Uniswap V2 deployment swaps and curve graduations use, if the chain has one
 */
public record ToolSettings(Duration sendTimeout, BigDecimal slippagePercent, Duration tradeDeadline, Map<String, String> tokensBySymbol,
        Optional<UniswapV2Addresses> uniswap) {

    /** Checks and copies arguments. */
    public ToolSettings {
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        Objects.requireNonNull(slippagePercent, "slippagePercent");
        Objects.requireNonNull(tradeDeadline, "tradeDeadline");
        tokensBySymbol = Map.copyOf(tokensBySymbol);
        Objects.requireNonNull(uniswap, "uniswap");
    }
}
