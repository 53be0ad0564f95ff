package dev.agentry.tools.chain;

import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.internal.RpcException;
import dev.agentry.tools.chain.internal.TxOutcome;
import dev.agentry.tools.chain.internal.TxRequest;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Contract calls from a toolkit's wallet for operator code (a payment settlement, a sample's
 * setup), outside any agent's policy: what the model does goes through the tools instead, under
 * the policy. Sends take the same path as the tools: simulated first, sized, priced under the fee
 * cap, signed with a nonce from the wallet's nonce manager, and awaited. Thread-safe.
 */
public final class ContractCalls {
    private final ChainToolkit chain;

    private ContractCalls(ChainToolkit chain) {
        this.chain = chain;
    }

    /**
     * Returns the calls of a toolkit's wallet.
     *
     * @param chain the toolkit
     * @return its calls
     */
    public static ContractCalls of(ChainToolkit chain) {
        return new ContractCalls(Objects.requireNonNull(chain, "chain"));
    }

    /**
     * Calls a contract without sending anything ({@code eth_call} from the wallet's address, latest block).
     *
     * @param contract the contract
     * @param calldata ABI-encoded call, 0x hex
     * @return the returned bytes, 0x hex
     * @throws ToolException when the call reverts (decoded reason) or the node cannot be reached
     */
    public String read(String contract, String calldata) {
        try {
            return chain.rpc().call(chain.address(), contract, calldata);
        } catch (RpcException e) {
            throw new ToolException("call to " + contract + " failed: " + e.describe());
        }
    }

    /**
     * Simulates, prices, signs and sends a contract call, then waits for its receipt.
     *
     * @param contract the contract
     * @param value wei sent along
     * @param calldata ABI-encoded call, 0x hex
     * @return the outcome
     * @throws ToolException if the simulation reverts (nothing is sent), fees are above the cap, funds are short
     *     or the node refuses it, saying whether anything was sent
     */
    public SentTransaction transact(String contract, BigInteger value, String calldata) {
        try {
            TxOutcome o = chain.sender().send(TxRequest.call(contract, value, calldata));
            return new SentTransaction(o.hash(), o.status().label(), o.gasUsed(), o.fee(), o.revertReason());
        } catch (RpcException e) {
            throw e.toToolException();
        }
    }
}
