/**
 * Paid services over x402 (version 1, scheme {@code exact}, EIP-3009 payments):
 * {@link dev.agentry.x402.PaidEndpoint} sells an agent's work behind {@code 402 Payment Required},
 * settling each payment on chain before the work runs and never serving one payment twice;
 * {@link dev.agentry.x402.X402Buyer} gives an agent the {@code x402_fetch} tool, which pays such
 * resources under its spend caps. Implementation classes live in {@code dev.agentry.x402.internal}.
 */
package dev.agentry.x402;
