/**
 * EVM chain tools for Agentry agents: {@link dev.agentry.tools.chain.Wallet} (keystore, environment
 * key or generated), {@link dev.agentry.tools.chain.Chain} presets, and
 * {@link dev.agentry.tools.chain.ChainToolkit}, which offers wallet, ERC-20, token-launch and
 * bonding-curve tools to an agent; {@link dev.agentry.tools.chain.ChainPlugin} builds the same from
 * an agent's {@code "chain"} configuration section.
 *
 * <p>Every transaction is simulated with {@code eth_call} first (revert reasons decoded), priced
 * with EIP-1559 fees under a hard cap, given a nonce by a per-account nonce manager that lets many
 * callers send at once, checkpointed into the journal before broadcast, and reconciled with the
 * chain after a crash instead of being sent twice. Implementation classes live in
 * {@code dev.agentry.tools.chain.internal} and may change without notice.
 */
package dev.agentry.tools.chain;
