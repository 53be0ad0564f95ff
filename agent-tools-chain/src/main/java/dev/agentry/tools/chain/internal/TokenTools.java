package dev.agentry.tools.chain.internal;

import static dev.agentry.tools.chain.internal.ToolParts.object;
import static dev.agentry.tools.chain.internal.ToolParts.render;
import static dev.agentry.tools.chain.internal.ToolParts.spec;

import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import tools.jackson.databind.node.ObjectNode;

/** The ERC-20 family: balances, token information, transfers and approvals. */
final class TokenTools extends ToolFamily {
    TokenTools(ToolEnv env) {
        super(env);
    }

    private Tool tokenBalance() {
        return env.read(spec("token_balance", "Returns the ERC-20 token balance of an address, the agent's own by default.",
                b -> b.addStringProperty("token", "token contract address or configured symbol")
                        .addStringProperty("address", "0x address; omit for the agent's own wallet").required("token")), (a, c) -> {
                    String token = env.reader().tokenAddress(a, "token");
                    String addr = ArgumentChecks.addressOr(a, "address", env.wallet().address());
                    ContractReader.TokenMeta m = env.reader().meta(token);
                    BigInteger bal = env.reader().uint(token, "balanceOf", new Address(addr));
                    ObjectNode n = object();
                    n.put("address", addr);
                    n.put("token", m.address());
                    n.put("symbol", m.symbol());
                    n.put("balance", Units.fromBase(bal, m.decimals()));
                    return render(n);
                });
    }

    private Tool tokenInfo() {
        return env.read(spec("token_info", "Returns an ERC-20 token's name, symbol, decimals and total supply.",
                b -> b.addStringProperty("token", "token contract address or configured symbol").required("token")), (a, c) -> {
                    String token = env.reader().tokenAddress(a, "token");
                    ContractReader.TokenMeta m = env.reader().meta(token);
                    BigInteger supply = env.reader().uint(token, "totalSupply");
                    ObjectNode n = object();
                    n.put("token", m.address());
                    n.put("name", m.name());
                    n.put("symbol", m.symbol());
                    n.put("decimals", m.decimals());
                    n.put("totalSupply", Units.fromBase(supply, m.decimals()));
                    return render(n);
                });
    }

    /** Refuses the zero address and the token itself as recipient; declares the amount as a spend to the recipient. */
    private Tool transferToken() {
        return env.sends().tool(spec("transfer_token", "Sends ERC-20 tokens from the agent's wallet. Amount is a decimal string in token units.",
                b -> b.addStringProperty("token", "token contract address or configured symbol").addStringProperty("to", "recipient 0x address")
                        .addStringProperty("amount", "amount in token units as a decimal string").required("token", "to", "amount")),
                (a, c) -> tokenCall(a, "to", "transfer", false, "amount"));
    }

    /** Refuses the zero address and the token itself as spender; declares the allowance as a spend to the spender. */
    private Tool approveToken() {
        return env.sends().tool(spec("approve_token", "Allows a spender to move up to an amount of the agent's ERC-20 tokens (0 revokes).",
                b -> b.addStringProperty("token", "token contract address or configured symbol").addStringProperty("spender", "spender 0x address")
                        .addStringProperty("amount", "allowance in token units as a decimal string").required("token", "spender", "amount")),
                (a, c) -> tokenCall(a, "spender", "approve", true, "allowance"));
    }

    /** Plans {@code function(address, amount)} on the token: the amount goes to (or may be taken by) the address. */
    private TxTools.Plan tokenCall(ToolArguments a, String addressArg, String function, boolean allowZero, String amountField) {
        String token = env.reader().tokenAddress(a, "token");
        String to = ArgumentChecks.recipient(a, addressArg, Optional.of(token));
        ContractReader.TokenMeta m = env.reader().meta(token);
        BigDecimal amount = ArgumentChecks.amount(a, "amount", m.decimals(), allowZero, m.symbol());
        BigInteger units = Units.toBase("amount", amount, m.decimals(), allowZero, m.symbol());
        String data = FunctionEncoder.encode(new Function(function, List.of(new Address(to), new Uint256(units)), List.of()));
        return new TxTools.Plan(TxRequest.call(token, BigInteger.ZERO, data),
                List.of(Spend.of(token.toLowerCase(Locale.ROOT), amount, to)), (o, n) -> {
                    n.put("token", token);
                    n.put(addressArg, to);
                    n.put(amountField, amount.toPlainString());
                    n.put("symbol", m.symbol());
                });
    }

    @Override
    List<Tool> tools() {
        return List.of(tokenBalance(), tokenInfo(), transferToken(), approveToken());
    }
}
