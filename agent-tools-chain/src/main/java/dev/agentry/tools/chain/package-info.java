/**
 * EVM chain tools for Agentry agents: {@link dev.agentry.tools.chain.Wallet} (keystore, environment
 * key or generated), {@link dev.agentry.tools.chain.Chain} presets, and
 * {@link dev.agentry.tools.chain.ChainToolkit}, which offers wallet, ERC-20, signing, token-launch,
 * bonding-curve and (where {@link dev.agentry.tools.chain.UniswapV2Addresses Uniswap V2} is known)
 * swap tools to an agent; {@link dev.agentry.tools.chain.ChainPlugin} builds the same from an
 * agent's {@code "chain"} configuration section. {@link dev.agentry.tools.chain.HolderGate} gives
 * holders of a token or NFT collection more trust once they link their address;
 * {@link dev.agentry.tools.chain.ContractCalls} lets operator code call contracts through the same
 * sender.
 *
 * <p>Every transaction is simulated with {@code eth_call} first (revert reasons decoded), priced
 * with EIP-1559 fees under a hard cap, given a nonce by a per-account nonce manager that lets many
 * callers send at once, checkpointed into the journal before broadcast, and reconciled with the
 * chain after a crash instead of being sent twice.
 *
 * <p>What the policy sees. Every tool that sends a transaction is
 * {@link dev.agentry.core.Effect#FUNDS} and declares, before it runs:
 * <ul>
 *   <li>the value it moves, with every address it gives value or control to as the recipient
 *       (a transfer's {@code to}, an approval's {@code spender}, a launch's {@code owner} or
 *       {@code beneficiary} when not the agent itself, a curve trade's curve), so recipient
 *       allowlists and caps apply; a launch is one {@code launch};
 *   <li>its worst-case fee, gas limit × the highest max fee per gas the transaction may carry,
 *       as a spend of the native coin with no recipient, so a native-coin cap counts gas. The
 *       estimate is made once, when the spends are declared, and the same prepared transaction is
 *       sent; after the receipt the call settles with the real fee (gas used × effective price).
 * </ul>
 * {@code sign_message} and {@code sign_typed_data} are {@link dev.agentry.core.Effect#SIGN}: never
 * offered to untrusted authors, denied unless the policy grants them. Curve trades refuse a zero
 * minimum ({@code min_tokens_out}, {@code min_eth_out}); without one they take a fresh quote less
 * the configured slippage; the contract enforces the minimum and a deadline.
 *
 * <p>Markets. A curve launched where Uniswap V2 is configured graduates into a real pair: the buy
 * that sells it out wraps the whole reserve and seeds the pair with it and enough tokens to open at
 * the curve's last price (never above it, so a flash-loan buyout loses money), burns the rest of
 * the supply and the LP tokens, and the curve trades no more. Swaps ({@code swap_exact_in},
 * {@code swap_exact_out}, {@code swap_quote}) quote first, bound the trade by the configured
 * slippage or the model's bound (never zero) and a deadline, approve the router for exactly the
 * most they may take (approval and swap simulated together before either is sent), and declare
 * that most as a spend to the router. Fee-on-transfer tokens, missing and empty pools, the same
 * asset on both sides and short balances are refused before anything is sent.
 *
 * <p>Implementation classes live in {@code dev.agentry.tools.chain.internal} and may change without
 * notice.
 */
package dev.agentry.tools.chain;
