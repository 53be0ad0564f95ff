package dev.agentry.tools.chain.internal;

import dev.agentry.core.Tool;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.Wallet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles the chain tools of one wallet from their families: wallet ({@link WalletTools}),
 * ERC-20 ({@link TokenTools}), signing ({@link SigningTools}), launches ({@link LaunchTools}),
 * bonding curves ({@link CurveTools}) and, where a Uniswap V2 deployment is configured, swaps
 * ({@link SwapTools}). Every tool validates its arguments and reports errors as
 * {@code ToolException}s that name the bad value; amounts are decimal strings converted with the
 * token's decimals. Tools that send a transaction declare its worst-case fee (see
 * {@link TxTools}).
 */
public final class ChainToolset {
    /** Tool names in the order they are offered: wallet and tokens, signing, launches and curves, then swaps. */
    static final List<String> ORDER = List.of("wallet_address", "native_balance", "token_balance", "token_info", "transfer_native",
            "transfer_token", "approve_token", "sign_message", "sign_typed_data", "transaction_status", "launch_token",
            "launch_curve_token", "curve_quote", "curve_buy", "curve_buy_exact", "curve_sell", "curve_status", "curve_withdraw_fees",
            "swap_quote", "swap_exact_in", "swap_exact_out");

    private final List<Tool> tools;

    /**
     * Builds the tools.
     *
     * @param rpc the node
     * @param chain the chain
     * @param wallet the agent's wallet
     * @param sender its sender
     * @param settings the tools' settings
     */
    public ChainToolset(Rpc rpc, Chain chain, Wallet wallet, TxSender sender, ToolSettings settings) {
        ToolEnv env = new ToolEnv(chain, wallet, rpc, new ContractReader(rpc, wallet, settings.tokensBySymbol()),
                new TxTools(sender, chain, settings.sendTimeout()), settings);
        Map<String, Tool> byName = new HashMap<>();
        List<Tool> all = new ArrayList<>();
        all.addAll(new WalletTools(env).tools());
        all.addAll(new TokenTools(env).tools());
        all.addAll(new SigningTools(env).tools());
        all.addAll(new LaunchTools(env).tools());
        all.addAll(new CurveTools(env).tools());
        settings.uniswap().ifPresent(u -> all.addAll(new SwapTools(env, u).tools()));
        all.forEach(t -> byName.put(t.name(), t));
        if (!ORDER.containsAll(byName.keySet()) || all.size() != byName.size()) {
            throw new IllegalStateException("chain tool families and ORDER disagree: " + byName.keySet());
        }
        this.tools = ORDER.stream().filter(byName::containsKey).map(byName::get).toList();
    }

    /** @return all tools, wallet and token tools first, then launches and curves */
    public List<Tool> tools() {
        return tools;
    }
}
