package dev.agentry.tools.chain.internal;

import static dev.agentry.tools.chain.internal.ToolParts.object;
import static dev.agentry.tools.chain.internal.ToolParts.render;
import static dev.agentry.tools.chain.internal.ToolParts.spec;

import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import tools.jackson.databind.node.ObjectNode;

/** The wallet family: the agent's address, native balances, native transfers, transaction status. */
final class WalletTools extends ToolFamily {
    WalletTools(ToolEnv env) {
        super(env);
    }

    private Tool walletAddress() {
        return env.read(spec("wallet_address", "Returns the agent's own wallet address and the chain it is on.", b -> {
        }), (a, c) -> {
            ObjectNode n = object();
            n.put("address", env.wallet().address());
            n.put("chain", env.chain().name());
            n.put("chainId", env.chain().id());
            n.put("nativeSymbol", env.nativeSymbol());
            return render(n);
        });
    }

    private Tool nativeBalance() {
        return env.read(spec("native_balance", "Returns the native coin balance (" + env.nativeSymbol()
                + ") of an address, the agent's own by default.",
                b -> b.addStringProperty("address", "0x address; omit for the agent's own wallet")), (a, c) -> {
                    String addr = ArgumentChecks.addressOr(a, "address", env.wallet().address());
                    ObjectNode n = object();
                    n.put("address", addr);
                    n.put("balance", Units.fromBase(env.rpc().balance(addr), 18));
                    n.put("symbol", env.nativeSymbol());
                    return render(n);
                });
    }

    /** Refuses the zero address; declares the amount as a spend to the recipient. */
    private Tool transferNative() {
        String sym = env.nativeSymbol();
        return env.sends().tool(spec("transfer_native", "Sends " + sym + " from the agent's wallet. Amount is a decimal string in "
                + sym + ", e.g. \"0.01\".",
                b -> b.addStringProperty("to", "recipient 0x address").addStringProperty("amount", "amount in " + sym + " as a decimal string")
                        .required("to", "amount")),
                (a, c) -> {
                    String to = ArgumentChecks.recipient(a, "to", Optional.empty());
                    BigDecimal amount = ArgumentChecks.amount(a, "amount", 18, false, sym);
                    BigInteger wei = Units.toBase("amount", amount, 18, false, sym);
                    return new TxTools.Plan(TxRequest.call(to, wei, "0x"), List.of(Spend.of(sym, amount, to)), (o, n) -> {
                        n.put("to", to);
                        n.put("amount", amount.toPlainString());
                        n.put("symbol", sym);
                    });
                });
    }

    private Tool transactionStatus() {
        return env.read(spec("transaction_status", "Returns whether a transaction is pending, succeeded or reverted, with its block and gas used.",
                b -> b.addStringProperty("hash", "0x transaction hash").required("hash")), (a, c) -> {
                    String hash = a.string("hash").strip();
                    if (!hash.matches("0x[0-9a-fA-F]{64}")) {
                        throw new ToolException("argument 'hash' must be 0x followed by 64 hex digits, got \"" + hash + "\"");
                    }
                    ObjectNode n = object();
                    n.put("txHash", hash);
                    Optional<TransactionReceipt> r = env.rpc().receipt(hash);
                    if (r.isPresent()) {
                        n.put("status", r.get().isStatusOK() ? "success" : "reverted");
                        n.put("blockNumber", r.get().getBlockNumber().toString());
                        n.put("gasUsed", r.get().getGasUsed().toString());
                        if (r.get().getContractAddress() != null) {
                            n.put("contractAddress", Keys.toChecksumAddress(r.get().getContractAddress()));
                        }
                    } else {
                        n.put("status", env.rpc().transaction(hash).isPresent() ? "pending" : "unknown");
                    }
                    env.chain().transactionUrl(hash).ifPresent(u -> n.put("explorer", u));
                    return render(n);
                });
    }

    @Override
    List<Tool> tools() {
        return List.of(walletAddress(), nativeBalance(), transferNative(), transactionStatus());
    }
}
